/**
 * The followers of a broadcast's audience, as Dataverse knows them (the reach estimate, the openid chunks of a view
 * or marketing list, the active push): everyone following the account, the followers paired with a tag, or those of
 * a saved view or static marketing list (resolved as relay/tags/audience/members.ts resolves an audience tag).
 * Only followers who still follow count.
 */
import { AudienceKind, EntitySets, Follower, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row } from '../../dataverse/types.js';
import { GUID_PATTERN } from '../../kernel/guid.js';
import { requireGuid } from '../delivery/keys.js';
import { audienceFollowers } from '../tags/audience/members.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { WINDOW_COLUMNS } from '../window/follower-window.js';
import type { Reason } from './reasons.js';
import type { StoredBroadcast } from './broadcast-row.js';

const F = Follower.columns;
export const FOLLOWER_TAGS = 'wxm_follower_wxm_tag';
/** Every follower of an account, at most (Dataverse pages of 5,000). */
const MAX_FOLLOWERS = 5_000_000;
const IDS_PER_QUERY = 50;

export const AUDIENCE_COLUMNS: readonly string[] = [F.Id, F.OpenId, F.MassMonth, F.MassCount, ...WINDOW_COLUMNS];

export type Resolved =
  | { kind: 'followers'; rows: Row[]; wechatTagId?: number }
  | { kind: 'refused'; refusal: 'no-tag' | 'tag-not-in-wechat' }
  | { kind: 'refused'; refusal: 'audience-refused'; reason: Reason };

const following = (accountId: string) => `${lookupKey(F.OfficialAccountId)} eq ${accountId} and ${F.Subscribed} eq true`;

export async function resolveAudience(access: TagOrg, accountId: string, b: StoredBroadcast): Promise<Resolved> {
  const org = access.org;
  switch (b.audienceKind ?? AudienceKind.Everyone) {
    case AudienceKind.Tag: {
      if (!b.tagId) return { kind: 'refused', refusal: 'no-tag' };
      const tag = await org.retrieve(EntitySets.Tag, requireGuid('tag id', b.tagId), [Tag.columns.WechatTagId, lookupKey(Tag.columns.OfficialAccountId)]);
      const wechatTagId = tag?.[Tag.columns.WechatTagId];
      if (!tag || typeof wechatTagId !== 'number' || tag[lookupKey(Tag.columns.OfficialAccountId)] !== accountId) {
        return { kind: 'refused', refusal: 'tag-not-in-wechat' };
      }
      const rows = await org.related(EntitySets.Tag, b.tagId, FOLLOWER_TAGS, [...AUDIENCE_COLUMNS, F.Subscribed, lookupKey(F.OfficialAccountId)]);
      return { kind: 'followers', rows: rows.filter((r) => r[F.Subscribed] === true && r[lookupKey(F.OfficialAccountId)] === accountId), wechatTagId };
    }
    case AudienceKind.View:
    case AudienceKind.MarketingList: {
      const source = b.audienceKind === AudienceKind.View ? { viewId: b.viewId || 'missing' } : { listId: b.listId || 'missing' };
      const found = await audienceFollowers(access, accountId, source);
      if (found.kind === 'refused') return { kind: 'refused', refusal: 'audience-refused', reason: found.reason };
      return { kind: 'followers', rows: await followersById(access, accountId, [...found.ids]) };
    }
    default:
      return {
        kind: 'followers',
        rows: await org.retrieveMultiple(EntitySets.Follower, {
          select: [...AUDIENCE_COLUMNS],
          filter: following(accountId),
          orderBy: [`${F.OpenId} asc`],
          maxRows: MAX_FOLLOWERS,
        }),
      };
  }
}

async function followersById(access: TagOrg, accountId: string, ids: string[]): Promise<Row[]> {
  const out: Row[] = [];
  const valid = ids.filter((id) => GUID_PATTERN.test(id)).sort();
  for (let i = 0; i < valid.length; i += IDS_PER_QUERY) {
    const chunk = valid.slice(i, i + IDS_PER_QUERY);
    const filter = `${following(accountId)} and (${chunk.map((id) => `${F.Id} eq ${id}`).join(' or ')})`;
    out.push(...(await access.org.retrieveMultiple(EntitySets.Follower, { select: [...AUDIENCE_COLUMNS], filter })));
  }
  return out.sort((a, b) => String(a[F.OpenId]).localeCompare(String(b[F.OpenId])));
}

/**
 * An audience tag kept in step with its marketing list or saved view: the followers the audience resolves to
 * (members.ts) are paired with the tag and tagged in WeChat, followers paired but no longer in the audience are
 * parted and untagged, so outreach and conditional menus aimed at the tag reach exactly that CRM segment. Run on
 * save (the tag's Update step includes the audience columns) and by the audience timer.
 *
 * The pairings are written by the relay's own user (their hints come back and are skipped), and WeChat is called
 * through the same member change as a person's pairing (tag-members.ts: limits checked first, 50 openids a call,
 * the reason on the tag row).
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { Follower, RowSyncState, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../../dataverse/keys.js';
import { DataverseError } from '../../../dataverse/errors.js';
import { reasonText, type Reason } from '../reasons.js';
import { openTagOrg, type TagDeps, type TagOrg } from '../tag-deps.js';
import { changeMembers, NAV } from '../tag-members.js';
import { pairing, submitAll } from '../pairing-writes.js';
import { audienceFollowers } from './members.js';

const T = Tag.columns;

export interface AudienceReport {
  outcome: 'reconciled' | 'refused' | 'skipped';
  added: number;
  removed: number;
}

const NOT_READABLE: Reason = {
  errcode: 0,
  en: "The relay's application user may not read this audience (the list, the view or its rows): give its security role read access, or choose another audience.",
  zh: '中继服务的应用程序用户无权读取此受众（列表、视图或其中的行）：请为其安全角色授予读取权限，或选择其他受众。',
};

const SKIPPED: AudienceReport = { outcome: 'skipped', added: 0, removed: 0 };

export async function reconcileAudience(organizationId: string, rowId: string, deps: TagDeps): Promise<AudienceReport> {
  const access = await openTagOrg(organizationId, deps);
  return access ? reconcileRow(access, rowId, deps) : SKIPPED;
}

export async function reconcileRow(access: TagOrg, rowId: string, deps: TagDeps): Promise<AudienceReport> {
  const row = await access.org.retrieve(Tag.entitySetName, rowId, [T.AudienceListId, T.AudienceViewId, T.WechatTagId, T.State, lookupKey(T.OfficialAccountId)]);
  const listId = typeof row?.[T.AudienceListId] === 'string' ? (row[T.AudienceListId] as string).trim().replace(/^\{|\}$/g, '') : '';
  const viewId = typeof row?.[T.AudienceViewId] === 'string' ? (row[T.AudienceViewId] as string).trim().replace(/^\{|\}$/g, '') : '';
  // Only a tag WeChat holds can be kept in step (a refused or pending tag says why on its own).
  if (!row || (!listId && !viewId) || row[T.State] !== RowSyncState.Synced || typeof row[T.WechatTagId] !== 'number') return SKIPPED;
  const accountId = String(row[lookupKey(T.OfficialAccountId)] ?? '');
  const audience = await audienceFollowers(access, accountId, { listId: listId.toLowerCase(), viewId: viewId.toLowerCase() }).catch((e: unknown) => {
    // The relay's role does not reach the list, the view or its rows: say so instead of retrying what cannot work.
    if (e instanceof DataverseError && e.kind === 'forbidden') return { kind: 'refused' as const, reason: NOT_READABLE };
    throw e;
  });
  const now = new Date(deps.clock.now()).toISOString();
  if (audience.kind === 'refused') {
    await access.org.update(Tag.entitySetName, rowId, { [T.FailureReason]: reasonText(audience.reason), [T.AudienceSyncedOn]: now });
    return { outcome: 'refused', added: 0, removed: 0 };
  }
  const paired = new Set((await access.org.related(Tag.entitySetName, rowId, NAV, [Follower.columns.Id])).map((r) => String(r[Follower.columns.Id])));
  const add = [...audience.ids].filter((id) => !paired.has(id));
  const remove = [...paired].filter((id) => !audience.ids.has(id));
  // One change set per pairing, many to a $batch: an audience of thousands is a few requests, not one each.
  await submitAll(access.org, [...add.map((id) => [pairing('associate', rowId, id)]), ...remove.map((id) => [pairing('disassociate', rowId, id)])]);
  if (add.length > 0) await changeMembers(access, rowId, add, 'tag', deps);
  if (remove.length > 0) await changeMembers(access, rowId, remove, 'untag', deps);
  await access.org.update(Tag.entitySetName, rowId, { [T.AudienceSyncedOn]: now });
  deps.logger.info('audience reconciled', { added: add.length, removed: remove.length });
  return { outcome: 'reconciled', added: add.length, removed: remove.length };
}

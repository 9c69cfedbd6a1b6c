/**
 * Followers paired with or parted from a tag in Dynamics (a subgrid, a bulk action, Power Automate relating rows):
 * the same change in WeChat, members/batchtagging or batchuntagging, 50 openids a call.
 *
 * Nothing is taken from the hint but which rows to look at: each pairing is re-read (a follower's tags over the N:N
 * relationship) and only pairings that still stand (Associate) or are still gone (Disassociate) are sent, so a
 * stale or forged hint sends nothing. WeChat's limits are checked first: a follower of another account, or one that
 * already has 20 tags, is not sent; its pairing is removed and the reason written on the tag row (never a silent
 * drop). When WeChat still refuses a batch for one follower (45059: tags made in the MP console count too; 40003),
 * the batch is sent again one follower at a time so the others are tagged. Pairings the relay makes or removes itself
 * (here, and in the tag sync) are skipped when their hints come back: their initiating user is the relay's.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { Follower, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row } from '../../dataverse/types.js';
import { GUID_PATTERN as GUID } from '../../kernel/guid.js';
import type { TokenSource } from '../../wechat/index.js';
import { WechatApiError } from '../../wechat/index.js';
import { TAG_BATCH_MAX } from '../../wechat/official-account/tags.js';
import type { DataverseHint } from '../webhook/hint.js';
import { MAX_TAGS_PER_FOLLOWER } from './limits.js';
import { NOT_CONNECTED, NOT_IN_WECHAT_YET, OTHER_ACCOUNT, reasonText, tagReason, type Reason } from './reasons.js';
import { openTagOrg, type TagDeps, type TagOrg } from './tag-deps.js';

const T = Tag.columns;
const F = Follower.columns;
export const NAV = 'wxm_follower_wxm_tag';

export type PairingOutcome = 'tagged' | 'untagged' | 'failed' | 'skipped';

export async function onPairingChanged(hint: DataverseHint, deps: TagDeps): Promise<PairingOutcome> {
  const access = await openTagOrg(hint.organizationId, deps);
  if (!access || !hint.pairing) return 'skipped';
  if (hint.initiatingUserId !== undefined && hint.initiatingUserId === (await access.relayUserId())) return 'skipped';
  const byTag = new Map<string, string[]>();
  const add = (tagId: string, followerId: string) => byTag.set(tagId, [...(byTag.get(tagId) ?? []), followerId]);
  for (const r of hint.pairing.related) {
    if (hint.table === Tag.logicalName && r.table === Follower.logicalName) add(hint.rowId, r.id);
    if (hint.table === Follower.logicalName && r.table === Tag.logicalName) add(r.id, hint.rowId);
  }
  let outcome: PairingOutcome = 'skipped';
  for (const [tagRowId, followerIds] of byTag) {
    const result = await changeMembers(access, tagRowId, followerIds, hint.message === 'Associate' ? 'tag' : 'untag', deps);
    if (result !== 'skipped') outcome = outcome === 'failed' ? 'failed' : result;
  }
  return outcome;
}

/** The followers with their tags, 50 ids a query (one request, not two per follower). */
async function followersWithTags(access: TagOrg, ids: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const valid = [...new Set(ids.filter((id) => GUID.test(id)))];
  for (let i = 0; i < valid.length; i += TAG_BATCH_MAX) {
    const chunk = valid.slice(i, i + TAG_BATCH_MAX);
    rows.push(
      ...(await access.org.retrieveMultiple(Follower.entitySetName, {
        select: [F.Id, F.OpenId, lookupKey(F.OfficialAccountId)],
        filter: chunk.map((id) => `${F.Id} eq ${id}`).join(' or '),
        expand: [{ property: NAV, select: [T.Id, T.WechatTagId] }],
      })),
    );
  }
  return rows;
}

interface Member {
  id: string;
  openid: string;
  /** WeChat ids of the follower's tags in Dataverse after this change (for the follower's Tags column). */
  wechatTagIds: number[];
}

export async function changeMembers(access: TagOrg, tagRowId: string, followerIds: string[], op: 'tag' | 'untag', deps: TagDeps): Promise<PairingOutcome> {
  const tag = await access.org.retrieve(Tag.entitySetName, tagRowId, [T.Name, lookupKey(T.OfficialAccountId), T.WechatTagId]);
  if (!tag) return 'skipped';
  const accountId = String(tag[lookupKey(T.OfficialAccountId)] ?? '');
  const reasons: Reason[] = [];
  const unpair = (id: string) => access.org.disassociate(Tag.entitySetName, tagRowId, NAV, id);
  const members: Member[] = [];
  for (const follower of await followersWithTags(access, followerIds)) {
    const id = String(follower[F.Id]);
    const tagsNow = ((follower[NAV] ?? []) as Row[]).map((r) => String(r[T.Id]));
    const paired = tagsNow.includes(tagRowId);
    if ((op === 'tag') !== paired) continue; // the hint is stale: what stands now was (or will be) sent by its own hint
    if (op === 'tag' && follower[lookupKey(F.OfficialAccountId)] !== accountId) {
      await unpair(id);
      reasons.push(OTHER_ACCOUNT);
      continue;
    }
    if (op === 'tag' && tagsNow.length > MAX_TAGS_PER_FOLLOWER) {
      await unpair(id);
      reasons.push(tagReason(45059));
      continue;
    }
    const wechatTagIds = ((follower[NAV] ?? []) as Row[]).map((r) => r[T.WechatTagId]).filter((v): v is number => typeof v === 'number');
    members.push({ id, openid: String(follower[F.OpenId]), wechatTagIds });
  }
  if (members.length === 0 && reasons.length === 0) return 'skipped';
  const appid = accountId ? await access.appidOf(accountId) : undefined;
  const wechatId = typeof tag[T.WechatTagId] === 'number' ? (tag[T.WechatTagId] as number) : undefined;
  if (members.length > 0 && (!appid || wechatId === undefined)) {
    reasons.push(!appid ? NOT_CONNECTED : NOT_IN_WECHAT_YET);
    return writeTagOutcome(access, tagRowId, reasons, undefined);
  }
  const token = deps.wechat.token(appid!);
  const changed: Member[] = [];
  for (let i = 0; i < members.length; i += TAG_BATCH_MAX) {
    const chunk = members.slice(i, i + TAG_BATCH_MAX);
    const result = await send(op, token, wechatId!, chunk, unpair, deps);
    reasons.push(...result.reasons);
    changed.push(...result.changed);
  }
  await keepTagsColumn(access, changed);
  const count = appid ? (await deps.wechat.api.listTags(token)).find((t) => t.id === wechatId)?.count : undefined;
  deps.logger.info(op === 'tag' ? 'followers tagged' : 'followers untagged', { authorizerAppid: appid, followers: members.length });
  const outcome = await writeTagOutcome(access, tagRowId, reasons, count);
  return outcome === 'failed' ? 'failed' : op === 'tag' ? 'tagged' : 'untagged';
}

/**
 * The follower's Tags column (WeChat ids, comma separated, as the follower sync writes it) follows the change, so
 * the form's text and its Tags subgrid agree; only followers WeChat changed (a refused one keeps its column).
 */
async function keepTagsColumn(access: TagOrg, members: Member[]): Promise<void> {
  const writes = members.map((m) => ({
    kind: 'upsert' as const,
    entitySet: Follower.entitySetName,
    key: m.id,
    ifMatch: '*',
    data: {
      [F.Tags]: [...new Set(m.wechatTagIds)]
        .sort((a, b) => a - b)
        .join(',')
        .slice(0, 500),
    },
  }));
  for (let i = 0; i < writes.length; i += TAG_BATCH_MAX) {
    const failed = (await access.org.submit(writes.slice(i, i + TAG_BATCH_MAX))).find((o) => !o.ok);
    if (failed && !failed.ok) throw new Error(`follower tags column not written: ${failed.error.kind} ${failed.error.code}`);
  }
}

/** One batch; on a refusal that one follower can cause, each follower alone so the others still get the change. */
async function send(
  op: 'tag' | 'untag',
  token: TokenSource,
  tagId: number,
  chunk: Member[],
  unpair: (id: string) => Promise<void>,
  deps: TagDeps,
): Promise<{ reasons: Reason[]; changed: Member[] }> {
  const call = (openids: string[]) =>
    op === 'tag' ? deps.wechat.api.tagFollowers(token, tagId, openids) : deps.wechat.api.untagFollowers(token, tagId, openids);
  const perFollower = (err: unknown) => err instanceof WechatApiError && (err.errcode === 45059 || err.errcode === 40003);
  try {
    await call(chunk.map((m) => m.openid));
    return { reasons: [], changed: chunk };
  } catch (err) {
    if (err instanceof WechatApiError && !perFollower(err) && err.kind !== 'busy' && err.kind !== 'token-invalid') {
      return { reasons: [tagReason(err.errcode)], changed: [] };
    }
    if (!perFollower(err)) throw err;
  }
  const reasons: Reason[] = [];
  const changed: Member[] = [];
  for (const member of chunk) {
    try {
      await call([member.openid]);
      changed.push(member);
    } catch (err) {
      if (!perFollower(err)) throw err;
      // Untagging someone WeChat no longer knows leaves nothing to undo; a follower WeChat would not tag is unpaired.
      if (op === 'tag') {
        await unpair(member.id);
        reasons.push(tagReason((err as WechatApiError).errcode));
      } else changed.push(member);
    }
  }
  return { reasons, changed };
}

/**
 * The count WeChat reports and what went wrong, on the tag row. A later clean run leaves an earlier reason alone:
 * it names followers whose pairings were removed, which stays true; the next save or sync of the tag clears it.
 */
async function writeTagOutcome(access: TagOrg, tagRowId: string, reasons: Reason[], count: number | undefined): Promise<PairingOutcome> {
  const unique = [...new Map(reasons.map((r) => [`${r.errcode}|${r.en}`, r])).values()];
  const values: Record<string, unknown> = count !== undefined ? { [T.FollowerCount]: count } : {};
  if (unique.length > 0) values[T.FailureReason] = unique.map(reasonText).join('\n').slice(0, 2000);
  if (Object.keys(values).length > 0) await access.org.update(Tag.entitySetName, tagRowId, values);
  return unique.length > 0 ? 'failed' : 'tagged';
}

/**
 * The periodic diff: WeChat's follower list (user/get, openids only: 10,000 a call, no batchget) against the rows
 * Dataverse marks as following. A follower missing from WeChat's list unfollowed while no event reached us: the row
 * is marked not following (an update-only write, so a row deleted meanwhile is not re-created), never deleted.
 * Followers WeChat lists that Dataverse lacks are the full sync's to add; the diff counts them.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 */
import { EntitySets, Follower } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/api/types.js';
import type { FollowerUsersApi } from '../../wechat/official-account/users.js';
import { lookupValue, requireGuid } from '../delivery/keys.js';
import { unfollowedUpdate } from './follower-upsert.js';

const C = Follower.columns;

export interface DiffDeps {
  users: FollowerUsersApi;
  token: TokenSource;
  org: DataverseOrg;
  now: () => number;
}

export interface DiffResult {
  listed: number;
  markedUnfollowed: number;
  missingInDataverse: number;
}

export async function diffFollowers(accountId: string, deps: DiffDeps): Promise<DiffResult> {
  const listed = new Set<string>();
  for (let next = ''; ;) {
    const page = await deps.users.listFollowers(deps.token, next);
    for (const openid of page.openids) listed.add(openid);
    if (page.openids.length === 0 || page.nextOpenid === '') break;
    next = page.nextOpenid;
  }
  const rows = await deps.org.retrieveMultiple(EntitySets.Follower, {
    select: [C.OpenId],
    filter: `${lookupValue(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.Subscribed} eq true`,
    maxRows: Number.MAX_SAFE_INTEGER,
  });
  const following = new Set(rows.map((r) => String(r[C.OpenId] ?? '')));
  const gone = [...following].filter((openid) => !listed.has(openid));
  const seenAt = Math.floor(deps.now() / 1000);
  for (let i = 0; i < gone.length; i += 100) {
    const outcomes = await deps.org.submit(gone.slice(i, i + 100).map((openid) => unfollowedUpdate(accountId, openid, seenAt)));
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok && failed.error.kind !== 'not-found') throw new Error(`follower diff write failed: ${failed.error.kind} ${failed.error.code}`);
  }
  return { listed: listed.size, markedUnfollowed: gone.length, missingInDataverse: [...listed].filter((o) => !following.has(o)).length };
}

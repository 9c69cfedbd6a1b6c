/**
 * One WeChat profile (user/info/batchget) → a create-or-update of its wxm_follower row by the follower alternate key
 * (openid + account), no read first. Only what WeChat reports is written: no nickname or avatar (WeChat stopped
 * returning them on 2021-12-27), unionid only when WeChat sends it, tag ids as WeChat's raw list.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-upsert-insert-update-record
 */
import { EntitySets, Follower, SubscribeScene, SubscribeSceneByExternalValue } from '@wxm/solution/schema';
import type { Row, WriteOperation } from '../../dataverse/types.js';
import type { WechatUserInfo } from '../../wechat/official-account/types.js';
import { accountRef, bind, followerKey } from '../delivery/keys.js';
import { cut, wechatTime } from '../delivery/text-fit.js';

const C = Follower.columns;

/** The row the sync writes for a follower WeChat lists now. (wxm_LastSyncedOn is not in the schema yet.) */
export function followerRowOf(accountId: string, info: WechatUserInfo): Row {
  const scene = info.subscribeScene === undefined ? undefined : (SubscribeSceneByExternalValue[info.subscribeScene] ?? SubscribeScene.Other);
  const qr = info.qrSceneStr ?? (info.qrScene ? String(info.qrScene) : undefined);
  const row: Row = {
    [C.OpenId]: info.openid,
    [C.Name]: cut(info.remark ?? info.openid, 100),
    [bind(Follower.navigation.OfficialAccountId)]: accountRef(accountId),
    [C.Subscribed]: info.subscribed,
    [C.Tags]: cut(info.tagIds.join(','), 500),
    [C.Remark]: cut(info.remark ?? '', 30),
  };
  if (info.subscribeTime !== undefined) row[C.SubscribedOn] = wechatTime(info.subscribeTime);
  if (scene !== undefined) row[C.SubscribeScene] = scene;
  if (qr !== undefined) row[C.QrScene] = cut(qr, 64);
  if (info.unionid !== undefined) row[C.UnionId] = info.unionid;
  return row;
}

export function followerUpsert(accountId: string, info: WechatUserInfo): WriteOperation {
  return { kind: 'upsert', entitySet: EntitySets.Follower, key: followerKey(accountId, info.openid), data: followerRowOf(accountId, info) };
}

/** The periodic diff: a follower missing from WeChat's list is marked not following (update-only, never deleted). */
export function unfollowedUpdate(accountId: string, openid: string, seenAt: number): WriteOperation {
  return {
    kind: 'upsert',
    entitySet: EntitySets.Follower,
    key: followerKey(accountId, openid),
    data: { [C.Subscribed]: false, [C.UnsubscribedOn]: wechatTime(seenAt) },
    ifMatch: '*',
  };
}

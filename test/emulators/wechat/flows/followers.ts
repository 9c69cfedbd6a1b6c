/**
 * Test helpers that set a follower's state directly (instead of pushing messages), and the summaries the control
 * API shows for accounts and followers.
 */
import { SimInputError } from '../errors.js';
import { followerFor, isAuthorized, type Follower, type SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';

export interface FollowerSetting {
  following?: boolean;
  /** When the follower last wrote (epoch ms): opens the 48 h / 5-message allowance from then. null closes it. */
  lastMessageAt?: number | null;
  /** Customer-service messages already used from that allowance. */
  repliesUsed?: number;
}

export function setFollower(state: SimState, appid: string, openid: string, setting: FollowerSetting): Follower {
  if (typeof openid !== 'string' || !/^[\w-]{1,64}$/.test(openid)) throw new SimInputError('openid must be 1-64 word characters');
  const follower = followerFor(state.account(appid), openid, state.clock.now());
  if (setting.following !== undefined) follower.following = setting.following;
  if (setting.lastMessageAt === null) follower.window.close();
  else if (setting.lastMessageAt !== undefined) {
    if (!Number.isFinite(setting.lastMessageAt)) throw new SimInputError('lastMessageAt must be epoch milliseconds');
    follower.window.open('message', setting.lastMessageAt, setting.repliesUsed ?? 0);
  }
  return follower;
}

export function followerSummary(follower: Follower): Record<string, unknown> {
  return {
    openid: follower.openid,
    following: follower.following,
    subscribeTime: follower.subscribeTime,
    tagIds: [...follower.tagIds],
    remark: follower.remark,
    allowances: follower.window.snapshot(),
  };
}

export function accountSummary(account: SimAccount): Record<string, unknown> {
  return {
    appid: account.appid,
    originalId: account.originalId,
    nickName: account.nickName,
    serviceType: account.serviceType,
    verifyType: account.verifyType,
    isMiniProgram: account.isMiniProgram,
    funcScopes: [...account.funcScopes],
    authorized: isAuthorized(account),
    grantedScopes: account.authorization ? [...account.authorization.scopes] : [],
    followers: account.followers.size,
  };
}

/**
 * What an account's type allows, besides the permission sets it granted: unverified accounts lack most advanced
 * APIs, and template messages, openid-list mass sends and parametric QR codes are service-account features.
 * Simplified from the interface permission table (接口权限说明).
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html
 */
import { WechatApiError } from '../errors.js';
import type { Follower, SimAccount } from '../state/accounts.js';

export type Capability = 'verified' | 'verified-service';

export function requireCapability(account: SimAccount, capability: Capability): void {
  const verified = account.verifyType >= 0;
  const service = account.serviceType === 2;
  if (!verified || (capability === 'verified-service' && !service)) throw new WechatApiError(48001);
}

/** A follower of the account, known by openid; 40003 for an openid WeChat never issued for this account. */
export function requireFollower(account: SimAccount, openid: unknown): Follower {
  const follower = typeof openid === 'string' ? account.followers.get(openid) : undefined;
  if (!follower) throw new WechatApiError(40003);
  return follower;
}

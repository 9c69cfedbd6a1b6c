/**
 * Permission sets (func_info ids) an Official Account grants to the platform, and the ones this product needs.
 * Ids and names: the authorization_info doc's list (wechat-protocol.md §3.6).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */

export interface PermissionSet {
  id: number;
  en: string;
  zh: string;
}

const NAMES: Record<number, [string, string]> = {
  1: ['Message management', '消息管理'],
  2: ['User management', '用户管理'],
  3: ['Account services', '帐号服务'],
  4: ['Web services', '网页服务'],
  5: ['WeChat store', '微信小店'],
  6: ['Customer service', '多客服'],
  7: ['Mass messages and notifications', '群发与通知'],
  8: ['Cards and coupons', '卡券'],
  9: ['Scan', '扫一扫'],
  10: ['Wi-Fi', '连WIFI'],
  11: ['Media management', '素材管理'],
  12: ['Shake nearby', '摇周边'],
  13: ['Stores', '门店'],
  15: ['Custom menus', '自定义菜单'],
  16: ['Verification status', '获取认证状态及信息'],
  22: ['City services', '城市服务'],
  23: ['Advertising', '广告管理'],
  24: ['Open Platform account management', '开放平台帐号管理'],
  26: ['Electronic invoices', '电子发票'],
  89: ['Subscription notifications', '订阅通知'],
};

/**
 * What Wechat Marketing uses: receiving messages and customer-service replies (1), follower profiles, tags and
 * analytics (2), parametric QR codes (3), template and mass messages (7), media for images in chats (11), menus (15).
 */
export const REQUIRED_PERMISSION_IDS: readonly number[] = [1, 2, 3, 7, 11, 15];

/**
 * Asked for but not required: subscription notifications (89), web authorization (4) and Open Platform binding for
 * unionid (24). The account works without them; the features that need them say so.
 */
export const OPTIONAL_PERMISSION_IDS: readonly number[] = [4, 24, 89];

/**
 * Sets only one third-party platform may hold for an account (wechat-marketing.md §1). When the account granted
 * them to another platform, WeChat leaves them out of our func_info: the set was asked for and not given.
 */
export const EXCLUSIVE_PERMISSION_IDS: readonly number[] = [4, 24];

export function isExclusivePermission(id: number): boolean {
  return EXCLUSIVE_PERMISSION_IDS.includes(id);
}

export function describePermission(id: number): PermissionSet {
  const [en, zh] = NAMES[id] ?? [`Permission set ${id}`, `权限集 ${id}`];
  return { id, en, zh };
}

export function missingPermissions(granted: readonly number[]): PermissionSet[] {
  const have = new Set(granted);
  return REQUIRED_PERMISSION_IDS.filter((id) => !have.has(id)).map(describePermission);
}

/** Optional sets the account did not grant (for exclusive ones: possibly held by another platform). */
export function missingOptionalPermissions(granted: readonly number[]): PermissionSet[] {
  const have = new Set(granted);
  return OPTIONAL_PERMISSION_IDS.filter((id) => !have.has(id)).map(describePermission);
}

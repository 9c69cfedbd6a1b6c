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
};

/**
 * What Wechat Marketing uses: receiving messages and customer-service replies (1), follower profiles and tags (2),
 * template and mass messages (7), media for images in chats (11), menus (15).
 */
export const REQUIRED_PERMISSION_IDS: readonly number[] = [1, 2, 7, 11, 15];

export function describePermission(id: number): PermissionSet {
  const [en, zh] = NAMES[id] ?? [`Permission set ${id}`, `权限集 ${id}`];
  return { id, en, zh };
}

export function missingPermissions(granted: readonly number[]): PermissionSet[] {
  const have = new Set(granted);
  return REQUIRED_PERMISSION_IDS.filter((id) => !have.has(id)).map(describePermission);
}

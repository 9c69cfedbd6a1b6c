/**
 * What an Official Account can use in Wechat Marketing, per feature, from its type (service or subscription), its
 * verification and the permission sets it granted (wechat-marketing.md §1; WeChat's interface privileges table).
 * Pure data and one function: the relay and the Official Account form script (webresources) import the same module,
 * so the form says exactly what the relay will refuse.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html
 */
import { AccountType, VerificationType } from '@wxm/solution/schema';
import { describePermission, isExclusivePermission } from '../authorization/permissions.js';

export type FeatureId = 'followers' | 'qrcodes' | 'webAuthorization' | 'unionid' | 'massSend' | 'templates' | 'subscriptionNotifications' | 'menus';

/** What the account needs besides the permission set. */
export type AccountRequirement = 'any' | 'verified' | 'verifiedService' | 'verifiedOrService';

export interface FeatureDef {
  id: FeatureId;
  en: string;
  zh: string;
  permission: number;
  requires: AccountRequirement;
}

export const FEATURES: readonly FeatureDef[] = [
  { id: 'followers', en: 'Followers, tags and analytics', zh: '粉丝、标签和数据统计', permission: 2, requires: 'verified' },
  { id: 'qrcodes', en: 'Channel QR codes', zh: '渠道二维码', permission: 3, requires: 'verifiedService' },
  { id: 'webAuthorization', en: 'Web authorization (binding by a web page)', zh: '网页授权（网页绑定）', permission: 4, requires: 'verifiedService' },
  { id: 'unionid', en: 'UnionID across accounts', zh: '跨账号 UnionID', permission: 24, requires: 'any' },
  { id: 'massSend', en: 'Mass send', zh: '群发', permission: 7, requires: 'verified' },
  { id: 'templates', en: 'Template messages', zh: '模板消息', permission: 7, requires: 'verifiedService' },
  { id: 'subscriptionNotifications', en: 'Subscription notifications', zh: '订阅通知', permission: 89, requires: 'verified' },
  { id: 'menus', en: 'Custom menus', zh: '自定义菜单', permission: 15, requires: 'verifiedOrService' },
];

export interface AccountFacts {
  /** true: service account (服务号); false: subscription account (订阅号); undefined: not known yet. */
  service: boolean | undefined;
  /** undefined: verification not known yet. */
  verified: boolean | undefined;
  /** Permission set ids the account granted to this platform. */
  granted: readonly number[];
}

export type Reason =
  | { code: 'missing-set'; permission: number }
  /** An exclusive set (4, 24) asked for and not given: another platform may hold it. */
  | { code: 'exclusive-elsewhere'; permission: number }
  | { code: 'needs-verification' }
  | { code: 'needs-service-account' }
  | { code: 'type-unknown' };

export interface Capability {
  feature: FeatureDef;
  available: boolean;
  reasons: Reason[];
}

function accountReasons(requires: AccountRequirement, facts: AccountFacts): Reason[] {
  if (requires === 'any') return [];
  if (facts.service === undefined || facts.verified === undefined) return [{ code: 'type-unknown' }];
  const reasons: Reason[] = [];
  if (requires === 'verifiedOrService') {
    if (!facts.verified && !facts.service) reasons.push({ code: 'needs-verification' });
    return reasons;
  }
  if (!facts.verified) reasons.push({ code: 'needs-verification' });
  if (requires === 'verifiedService' && !facts.service) reasons.push({ code: 'needs-service-account' });
  return reasons;
}

export function capabilityOf(feature: FeatureDef, facts: AccountFacts): Capability {
  const reasons: Reason[] = [];
  if (!facts.granted.includes(feature.permission)) {
    reasons.push({ code: isExclusivePermission(feature.permission) ? 'exclusive-elsewhere' : 'missing-set', permission: feature.permission });
  }
  reasons.push(...accountReasons(feature.requires, facts));
  return { feature, available: reasons.length === 0, reasons };
}

export function capabilities(facts: AccountFacts): Capability[] {
  return FEATURES.map((feature) => capabilityOf(feature, facts));
}

export function canUse(id: FeatureId, facts: AccountFacts): Capability {
  const feature = FEATURES.find((f) => f.id === id);
  if (!feature) throw new RangeError(`unknown feature ${id}`);
  return capabilityOf(feature, facts);
}

/** Features an exclusive set not granted to us disables (for "another platform holds set 4: …"). */
export function featuresOfPermission(permission: number): FeatureDef[] {
  return FEATURES.filter((f) => f.permission === permission);
}

/** One reason in both languages. */
export function explainReason(reason: Reason): { en: string; zh: string } {
  switch (reason.code) {
    case 'missing-set': {
      const p = describePermission(reason.permission);
      return {
        en: `permission set ${p.id} (${p.en}) is not granted: use Update authorization and tick it`,
        zh: `未授予权限集 ${p.id}（${p.zh}）：请点击“更新授权”并勾选`,
      };
    }
    case 'exclusive-elsewhere': {
      const p = describePermission(reason.permission);
      return {
        en: `permission set ${p.id} (${p.en}) is not granted to Wechat Marketing; only one platform may hold it, so another platform probably does: cancel it there, then use Update authorization`,
        zh: `权限集 ${p.id}（${p.zh}）未授予微信营销；该权限集只能由一个平台持有，可能已授权给其他平台：请先在该平台取消，再点击“更新授权”`,
      };
    }
    case 'needs-verification':
      return { en: 'WeChat gives it to verified accounts only', zh: '微信仅向已认证的账号开放' };
    case 'needs-service-account':
      return { en: 'WeChat gives it to service accounts only', zh: '微信仅向服务号开放' };
    case 'type-unknown':
      return { en: 'the account type and verification are not reported yet', zh: '尚未获得账号类型和认证状态' };
  }
}

/** `"1,2, 7"` → [1, 2, 7] (wxm_Permissions as the relay writes it). */
export function parsePermissionList(text: string | null | undefined): number[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number)
    .filter((id) => id > 0);
}

/** The facts from the wxm_officialaccount row: wxm_AccountType, wxm_VerificationType, wxm_Permissions. */
export function factsFromRow(
  accountType: number | null | undefined,
  verificationType: number | null | undefined,
  permissions: string | null | undefined,
): AccountFacts {
  const known = accountType === AccountType.Service || accountType === AccountType.Subscription || accountType === AccountType.UpgradedSubscription;
  return {
    service: known ? accountType === AccountType.Service : undefined,
    verified: verificationType === null || verificationType === undefined ? undefined : verificationType !== VerificationType.Unverified,
    granted: parsePermissionList(permissions),
  };
}

import { AccountType, VerificationType } from '@wxm/solution/schema';
import { describe, expect, it } from 'vitest';
import { capabilities, canUse, explainReason, factsFromRow, featuresOfPermission, type AccountFacts } from './capabilities.js';
import { missingOptionalPermissions, missingPermissions, REQUIRED_PERMISSION_IDS } from '../authorization/permissions.js';

const ALL = [1, 2, 3, 4, 7, 11, 15, 24, 89];
const available = (facts: AccountFacts) =>
  capabilities(facts)
    .filter((c) => c.available)
    .map((c) => c.feature.id);

describe('permission sets', () => {
  it('set 3 is required besides 1, 2, 7, 11, 15; 4, 24 and 89 are optional', () => {
    expect(REQUIRED_PERMISSION_IDS).toEqual([1, 2, 3, 7, 11, 15]);
    expect(missingPermissions([1, 2, 7, 11, 15]).map((p) => p.id)).toEqual([3]);
    expect(missingOptionalPermissions([1, 2, 3, 7, 11, 15, 4]).map((p) => [p.id, p.zh])).toEqual([
      [24, '开放平台帐号管理'],
      [89, '订阅通知'],
    ]);
  });
});

describe('capabilities', () => {
  it('a verified service account with every set can use every feature', () => {
    expect(available({ service: true, verified: true, granted: ALL })).toEqual([
      'followers',
      'qrcodes',
      'webAuthorization',
      'unionid',
      'massSend',
      'templates',
      'subscriptionNotifications',
      'menus',
    ]);
  });

  it('a verified subscription account: no QR codes, web authorization or templates, and says why', () => {
    const facts = { service: false, verified: true, granted: ALL };
    expect(available(facts)).toEqual(['followers', 'unionid', 'massSend', 'subscriptionNotifications', 'menus']);
    expect(canUse('qrcodes', facts).reasons).toEqual([{ code: 'needs-service-account' }]);
  });

  it('an unverified subscription account keeps only unionid', () => {
    const facts = { service: false, verified: false, granted: ALL };
    expect(available(facts)).toEqual(['unionid']);
    expect(canUse('templates', facts).reasons).toEqual([{ code: 'needs-verification' }, { code: 'needs-service-account' }]);
    expect(canUse('menus', { ...facts, service: true }).available).toBe(true);
  });

  it('an exclusive set held by another platform names what it disables; a plain missing set asks to re-authorize', () => {
    const facts = { service: true, verified: true, granted: [1, 2, 7, 11, 15, 89] };
    expect(canUse('webAuthorization', facts).reasons).toEqual([{ code: 'exclusive-elsewhere', permission: 4 }]);
    expect(canUse('unionid', facts).reasons).toEqual([{ code: 'exclusive-elsewhere', permission: 24 }]);
    expect(canUse('qrcodes', facts).reasons).toEqual([{ code: 'missing-set', permission: 3 }]);
    expect(featuresOfPermission(4).map((f) => f.id)).toEqual(['webAuthorization']);
    expect(explainReason({ code: 'exclusive-elsewhere', permission: 4 }).en).toContain('another platform');
    expect(explainReason({ code: 'missing-set', permission: 3 }).zh).toBe('未授予权限集 3（帐号服务）：请点击“更新授权”并勾选');
  });

  it('reads the facts from the account row; unknown type or verification is a reason, not a guess', () => {
    expect(factsFromRow(AccountType.Service, VerificationType.WeChat, '1,2, 3')).toEqual({ service: true, verified: true, granted: [1, 2, 3] });
    expect(factsFromRow(AccountType.UpgradedSubscription, VerificationType.Unverified, null)).toEqual({ service: false, verified: false, granted: [] });
    const unknown = factsFromRow(null, null, '2');
    expect(canUse('followers', unknown).reasons).toEqual([{ code: 'type-unknown' }]);
  });
});

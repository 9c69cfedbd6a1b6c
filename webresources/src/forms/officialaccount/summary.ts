/**
 * What the Official Account form says about the account, as notifications: authorization status,
 * permission sets granted against the ones Wechat Marketing needs, verification, and the last delivery error.
 */
import { AccountStatus, OfficialAccount, VerificationType } from '@wxm/solution/schema';
import { formatDate, notify } from '../../shared/notify.js';
import { missingRequired, parsePermissionIds, permissionName, REQUIRED_PERMISSION_IDS } from '../../shared/permissions.js';
import type { XrmFormContext } from '../../shared/xrm.js';
import type { Language, Translate } from '../../strings/index.js';

const C = OfficialAccount.columns;

export const NOTIFICATIONS = {
  status: 'wxm-oa-status',
  permissions: 'wxm-oa-permissions',
  verification: 'wxm-oa-verification',
  error: 'wxm-oa-error',
} as const;

function value<T>(form: XrmFormContext, column: string): T | null {
  return form.getAttribute<T>(column)?.getValue() ?? null;
}

export function showStatus(form: XrmFormContext, t: Translate, language: Language): void {
  const status = value<number>(form, C.AccountStatus);
  if (status === AccountStatus.Unauthorized) return notify(form, NOTIFICATIONS.status, 'ERROR', t('oa.unauthorized'));
  if (status === AccountStatus.NeedsAttention) return notify(form, NOTIFICATIONS.status, 'WARNING', t('oa.needsAttention'));
  if (status !== AccountStatus.Authorized) return notify(form, NOTIFICATIONS.status, 'INFO', undefined);
  const date = formatDate(value(form, C.AuthorizedOn), language);
  notify(form, NOTIFICATIONS.status, 'INFO', date ? t('oa.authorized', { date }) : t('oa.authorizedNoDate'));
}

export function showPermissions(form: XrmFormContext, t: Translate, language: Language): void {
  const text = value<string>(form, C.Permissions);
  if (text === null || text.trim() === '') return notify(form, NOTIFICATIONS.permissions, 'INFO', t('oa.permissionsUnknown'));
  const missing = missingRequired(parsePermissionIds(text));
  const separator = language === 'zh' ? '；' : '; ';
  const count = REQUIRED_PERMISSION_IDS.length;
  if (missing.length === 0) {
    const names = REQUIRED_PERMISSION_IDS.map((id) => permissionName(id, language)).join(separator);
    return notify(form, NOTIFICATIONS.permissions, 'INFO', t('oa.permissionsAll', { count, names }));
  }
  const names = missing.map((id) => permissionName(id, language)).join(separator);
  notify(form, NOTIFICATIONS.permissions, 'WARNING', t('oa.permissionsMissing', { granted: count - missing.length, count, names }));
}

export function showVerification(form: XrmFormContext, t: Translate): void {
  const attribute = form.getAttribute<number>(C.VerificationType);
  const type = attribute?.getValue() ?? null;
  if (type === null) return notify(form, NOTIFICATIONS.verification, 'INFO', undefined);
  if (type === VerificationType.Unverified) return notify(form, NOTIFICATIONS.verification, 'WARNING', t('oa.unverified'));
  notify(form, NOTIFICATIONS.verification, 'INFO', t('oa.verified', { type: attribute?.getText?.() ?? String(type) }));
}

export function showLastDeliveryError(form: XrmFormContext, t: Translate, language: Language): void {
  const error = value<string>(form, C.LastDeliveryError)?.trim();
  if (!error) return notify(form, NOTIFICATIONS.error, 'ERROR', undefined);
  const date = formatDate(value(form, C.LastDeliveryErrorOn), language);
  notify(form, NOTIFICATIONS.error, 'ERROR', date ? t('oa.lastError', { date, error }) : t('oa.lastErrorNoDate', { error }));
}

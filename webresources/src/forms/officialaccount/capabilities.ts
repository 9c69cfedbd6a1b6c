/**
 * What the account can use, per feature, on the Official Account form: the relay's own capability module
 * (functions/src/relay/accounts/capabilities.ts, bundled here) applied to the row's type, verification and granted
 * sets, so the form says exactly what the relay will refuse. An exclusive set (4, 24) not granted gets one note with
 * the features it disables, instead of the same reason under each of them.
 */
import { OfficialAccount } from '@wxm/solution/schema';
import { capabilities, explainReason, factsFromRow, featuresOfPermission } from '../../../../functions/src/relay/accounts/capabilities.js';
import { describePermission, EXCLUSIVE_PERMISSION_IDS } from '../../../../functions/src/relay/authorization/permissions.js';
import { notify } from '../../shared/notify.js';
import type { XrmFormContext } from '../../shared/xrm.js';
import type { Language, Translate } from '../../strings/index.js';

const C = OfficialAccount.columns;

export const CAPABILITY_NOTIFICATIONS = {
  available: 'wxm-oa-features',
  unavailable: (feature: string) => `wxm-oa-feature-${feature}`,
  exclusive: (id: number) => `wxm-oa-exclusive-${id}`,
} as const;

function value<T>(form: XrmFormContext, column: string): T | null {
  return form.getAttribute<T>(column)?.getValue() ?? null;
}

export function showCapabilities(form: XrmFormContext, t: Translate, language: Language): void {
  const permissions = value<string>(form, C.Permissions);
  const known = permissions !== null && permissions.trim() !== '';
  const facts = factsFromRow(value<number>(form, C.AccountType), value<number>(form, C.VerificationType), permissions);
  const all = capabilities(facts);
  const separator = language === 'zh' ? '；' : '; ';
  const list = language === 'zh' ? '、' : '; ';

  const available = all.filter((c) => c.available).map((c) => c.feature[language]);
  notify(
    form,
    CAPABILITY_NOTIFICATIONS.available,
    'INFO',
    !known ? undefined : available.length ? t('oa.featuresAvailable', { features: available.join(list) }) : t('oa.featuresNone'),
  );

  for (const c of all) {
    // The exclusive-set note below says it once for every feature the set disables.
    const reasons = c.reasons.filter((r) => r.code !== 'exclusive-elsewhere').map((r) => explainReason(r)[language]);
    const text =
      known && !c.available && reasons.length ? t('oa.featureUnavailable', { feature: c.feature[language], reasons: reasons.join(separator) }) : undefined;
    notify(form, CAPABILITY_NOTIFICATIONS.unavailable(c.feature.id), 'WARNING', text);
  }

  for (const id of EXCLUSIVE_PERMISSION_IDS) {
    const missing = known && !facts.granted.includes(id);
    const set = describePermission(id);
    const features = featuresOfPermission(id)
      .map((f) => f[language])
      .join(list);
    notify(form, CAPABILITY_NOTIFICATIONS.exclusive(id), 'INFO', missing ? t('oa.exclusiveElsewhere', { id, name: set[language], features }) : undefined);
  }
}

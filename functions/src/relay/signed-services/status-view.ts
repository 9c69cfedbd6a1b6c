/**
 * What GET /api/signed-services/{org}/{row}/status answers: the relay's last conclusion about a Signed Service,
 * from its record, or from the short-lived status of a failure before WhoAmI (whichever is newer). A state and
 * a reason in both languages, never a credential.
 */
import type { PreConnectStatuses } from './pre-connect-status.js';
import { reasonCode, reasonText } from './reasons.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';

export interface SignedServiceStatusView {
  state: string;
  /** e.g. `connected`, `invalid-secret`, `change-not-applied:invalid-secret`. */
  reason: string;
  en: string;
  zh: string;
  updatedAt: string;
}

export async function signedServiceStatusView(
  organizationId: string,
  signedServiceId: string,
  deps: { registry: SignedServiceRegistry; statuses: PreConnectStatuses },
): Promise<SignedServiceStatusView | undefined> {
  const org = organizationId.toLowerCase();
  const row = signedServiceId.toLowerCase();
  const [record, early] = await Promise.all([deps.registry.get(org, row), deps.statuses.get(org, row)]);
  const latest = early && (!record || early.updatedAt > record.updatedAt) ? early : record;
  if (!latest) return undefined;
  const changeReason = 'changeReason' in latest ? latest.changeReason : undefined;
  return {
    state: latest.state,
    reason: reasonCode(latest.reason, changeReason),
    ...reasonText(latest.reason, changeReason),
    updatedAt: new Date(latest.updatedAt).toISOString(),
  };
}

/**
 * A Signed Service was created or saved (a webhook hint, checked against the org's own key). What happens
 * depends on what the relay already holds for that (org, row):
 * - a working connection: re-read the row with the held credentials; values come from the row (reconnect.ts);
 * - nothing (or a record without a secret): start from the hint, believed only once WhoAmI answers the hint's
 *   org and the row agrees (first-connect.ts).
 * Temporary failures throw, so the task is retried.
 */
import type { DataverseHint } from '../webhook/hint.js';
import type { SignedServiceDeps } from './deps.js';
import { firstConnect } from './first-connect.js';
import { reconnect } from './reconnect.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';

/** The record as it stands afterwards; undefined when nothing is registered (a failure before WhoAmI). */
export async function onSignedServiceSaved(hint: DataverseHint, deps: SignedServiceDeps): Promise<SignedServiceRecord | undefined> {
  const existing = await deps.registry.get(hint.organizationId, hint.rowId);
  if (existing?.state === 'connected' && existing.sealedSecret) return reconnect(hint, existing, deps);
  return firstConnect(hint, existing, deps);
}

/**
 * A Signed Service row was deleted: revoke. The hint is checked first: with the credentials the relay held for
 * that row, the row must really be gone, otherwise a forged "Delete" could cut a customer off.
 */
import { SignedService } from '../../../../solution/generated/schema.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { SignedServiceDeps } from './deps.js';
import { openRecord } from './open-record.js';

export async function onSignedServiceDeleted(hint: DataverseHint, deps: SignedServiceDeps): Promise<'revoked' | 'ignored'> {
  const existing = await deps.registry.get(hint.organizationId, hint.rowId);
  if (!existing) return 'ignored';
  const org = openRecord(existing, deps);
  if (org && (await org.retrieve(SignedService.entitySetName, hint.rowId, [SignedService.columns.Id]))) {
    deps.logger.warn('delete hint for a signed service that still exists; ignored', { organizationId: hint.organizationId });
    return 'ignored';
  }
  if (existing.authorizerAppid) await deps.registry.unbind(existing.authorizerAppid, { organizationId: hint.organizationId, signedServiceId: hint.rowId });
  await deps.registry.delete(hint.organizationId, hint.rowId);
  deps.logger.warn('signed service deleted: credentials and binding removed', { organizationId: hint.organizationId });
  return 'revoked';
}

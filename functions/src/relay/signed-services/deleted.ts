/**
 * A Signed Service row was deleted (a hint): revoke, but only once the HELD credentials confirm that the row is
 * really gone (retrieve → 404). A forged Delete for a row that still exists, or one the relay cannot check,
 * does nothing.
 */
import { SignedService } from '@wxm/solution/schema';
import type { DataverseHint } from '../webhook/hint.js';
import { readRow } from './check.js';
import { reasonFor } from './classify.js';
import { heldCredentials } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import { accountsOf } from '../ports/signed-services.js';

export async function onSignedServiceDeleted(hint: DataverseHint, deps: SignedServiceDeps): Promise<'revoked' | 'ignored'> {
  const existing = await deps.registry.get(hint.organizationId, hint.rowId);
  const held = existing?.state === 'connected' ? heldCredentials(existing, deps.secretBox) : undefined;
  if (!existing || !held) {
    deps.logger.info('delete hint for a signed service the relay holds no credentials for; nothing to revoke', { organizationId: hint.organizationId });
    return 'ignored';
  }
  let read;
  try {
    read = await readRow(deps.gateway.open(held), SignedService.entitySetName, hint.rowId);
  } catch (err) {
    if (!reasonFor(err)) throw err;
    read = { reason: reasonFor(err) };
  }
  if ('reason' in read || read.row) {
    deps.logger.warn('delete hint not confirmed by the org (the row exists, or it cannot be read); ignored', { organizationId: hint.organizationId });
    return 'ignored';
  }
  for (const account of accountsOf(existing)) {
    await deps.registry.unbind(account.appid, { organizationId: hint.organizationId, signedServiceId: hint.rowId });
  }
  await deps.registry.delete(hint.organizationId, hint.rowId);
  deps.logger.warn('signed service deleted: credentials and bindings removed', { organizationId: hint.organizationId, accounts: accountsOf(existing).length });
  return 'revoked';
}

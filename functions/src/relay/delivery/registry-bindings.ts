/**
 * AccountBindings on the Signed Service registry: an account is bound while its binding points at a connected
 * Signed Service; the org is opened with that service's own credentials (the gateway caches one client per
 * credentials, so every delivery of one org shares its pacing and its delivery lane). Read for every queue
 * message (oncePerMessage below), never cached across messages: a revoked Signed Service stops deliveries from
 * the next message on (its messages are parked instead).
 */
import type { DataverseGateway } from '../../dataverse/types.js';
import type { AccountBindings, BoundAccount } from '../ports/bindings.js';
import type { SecretBox } from '../ports/storage.js';
import { openRecord } from '../signed-services/open-record.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';

export interface RegistryBindingsDeps {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
}

export function bindingsFromRegistry(deps: RegistryBindingsDeps): AccountBindings {
  return {
    async resolve(authorizerAppid: string): Promise<BoundAccount | undefined> {
      const binding = await deps.registry.bindingOf(authorizerAppid);
      if (!binding) return undefined;
      const record = await deps.registry.get(binding.organizationId, binding.signedServiceId);
      if (!record || record.state !== 'connected') return undefined;
      // The binding is the truth: a Signed Service serves the account it was saved with, and any account bound
      // to it later from Start To Use opened in that org.
      const officialAccountId = binding.officialAccountId ?? record.officialAccountId;
      const org = openRecord(record, deps);
      if (!officialAccountId || !org) return undefined;
      return {
        authorizerAppid,
        org,
        organizationId: record.organizationId,
        signedServiceId: record.signedServiceId,
        officialAccountId,
        ...(record.contactMatchColumn && { contactMatchColumn: record.contactMatchColumn }),
      };
    },
  };
}

/**
 * The bindings of one queue message: each account is resolved once however many of its envelopes the message
 * carries (group-commit ingest puts the callbacks of one moment in one message, mostly of one account), so a
 * message costs two registry reads and one secret opening instead of two reads and an opening per envelope.
 * Still never cached across messages: a Signed Service revoked while a message is being delivered stops
 * deliveries from the next message on, and the envelopes of this one were accepted while it was connected.
 * A failed read is not kept: the next envelope reads again.
 */
export function oncePerMessage(bindings: AccountBindings): AccountBindings {
  const resolved = new Map<string, Promise<BoundAccount | undefined>>();
  return {
    resolve(authorizerAppid) {
      let pending = resolved.get(authorizerAppid);
      if (!pending) {
        pending = bindings.resolve(authorizerAppid);
        resolved.set(authorizerAppid, pending);
        pending.catch(() => resolved.delete(authorizerAppid));
      }
      return pending;
    },
  };
}

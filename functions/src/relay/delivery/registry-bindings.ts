/**
 * AccountBindings on the Signed Service registry: an account is bound while its binding points at a connected
 * Signed Service; the org is opened with that service's own credentials (the gateway caches one client per
 * credentials, so every delivery of one org shares its pacing and its delivery lane). Read on every delivery,
 * never cached: a revoked Signed Service stops deliveries at once (its messages are parked instead).
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

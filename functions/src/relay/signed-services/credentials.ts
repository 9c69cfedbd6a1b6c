/**
 * Reads a Signed Service's credentials: what a hint claims (only to start a first connection), what the relay
 * holds, and what the re-read row asks for.
 */
import { CloudByExternalValue, SignedService } from '@wxm/solution/schema';
import type { DataverseCloud, OrgCredentials } from '../../dataverse/types.js';
import type { SecretBox } from '../ports/storage.js';
import { SEALED_SECRET } from '../webhook/tables.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';

const C = SignedService.columns;

export function cloudOf(value: unknown): DataverseCloud {
  return value === CloudByExternalValue.China ? 'China' : 'Global';
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Environment URLs are compared and used without a trailing slash or path. */
export function normalizeEnvironmentUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * What a hint claims, for a Signed Service the relay holds no secret for: the identity from the hint, else from
 * the record of an earlier check (verified by WhoAmI then), and the secret only as the hint carries it (sealed at
 * acceptance). Nothing here is trusted: WhoAmI must answer the hint's org id and the re-read row must agree.
 */
export function claimedCredentials(attributes: Record<string, unknown>, existing: SignedServiceRecord | undefined, box: SecretBox): OrgCredentials | undefined {
  const environmentUrl = normalizeEnvironmentUrl(text(attributes[C.EnvironmentUrl]) ?? existing?.environmentUrl);
  const tenantId = text(attributes[C.TenantId]) ?? existing?.tenantId;
  const clientId = text(attributes[C.ClientId]) ?? existing?.clientId;
  const sealed = text(attributes[SEALED_SECRET]);
  const clientSecret = sealed ? box.open(sealed) : undefined;
  if (!environmentUrl || !tenantId || !clientId || !clientSecret) return undefined;
  const cloud = attributes[C.Cloud] !== undefined ? cloudOf(attributes[C.Cloud]) : (existing?.cloud ?? 'Global');
  return { environmentUrl, cloud, tenantId, clientId, clientSecret };
}

/** The credentials the relay holds (sealed) for a connected Signed Service. */
export function heldCredentials(record: SignedServiceRecord, box: SecretBox): OrgCredentials | undefined {
  if (!record.sealedSecret || !record.environmentUrl || !record.tenantId || !record.clientId) return undefined;
  return {
    environmentUrl: record.environmentUrl,
    cloud: record.cloud ?? 'Global',
    tenantId: record.tenantId,
    clientId: record.clientId,
    clientSecret: box.open(record.sealedSecret),
  };
}

/**
 * The credentials a re-read row asks for. A secret typed into the row (the relay blanks it once taken) wins;
 * without one, the held secret is reused only for the same application (tenant + client id): a held secret is
 * never sent on behalf of another app registration. Undefined when the row lacks what is needed.
 */
export function rowCredentials(row: Record<string, unknown>, held: OrgCredentials | undefined): OrgCredentials | undefined {
  const environmentUrl = normalizeEnvironmentUrl(text(row[C.EnvironmentUrl]));
  const tenantId = text(row[C.TenantId]);
  const clientId = text(row[C.ClientId]);
  if (!environmentUrl || !tenantId || !clientId) return undefined;
  const sameApp = held !== undefined && same(tenantId, held.tenantId) && same(clientId, held.clientId);
  const clientSecret = text(row[C.ClientSecret]) ?? (sameApp ? held.clientSecret : undefined);
  if (!clientSecret) return undefined;
  return { environmentUrl, cloud: cloudOf(row[C.Cloud]), tenantId, clientId, clientSecret };
}

/** Same environment, cloud, tenant and client id (the secret aside). */
export function sameIdentity(a: OrgCredentials, b: OrgCredentials): boolean {
  return (
    normalizeEnvironmentUrl(a.environmentUrl) === normalizeEnvironmentUrl(b.environmentUrl) &&
    a.cloud === b.cloud &&
    same(a.tenantId, b.tenantId) &&
    same(a.clientId, b.clientId)
  );
}

export function sameCredentials(a: OrgCredentials, b: OrgCredentials): boolean {
  return sameIdentity(a, b) && a.clientSecret === b.clientSecret;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

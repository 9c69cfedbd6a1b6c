/**
 * Reads a Signed Service's credentials: from the saved row (the hint or the re-read row), falling back to the
 * secret the relay already holds for it (an admin editing another field does not retype the secret).
 */
import { CloudByExternalValue, SignedService } from '../../../../solution/generated/schema.js';
import type { DataverseCloud, OrgCredentials } from '../../dataverse/types.js';
import type { SecretBox } from '../ports.js';
import { SEALED_SECRET } from '../webhook/tables.js';
import type { SignedServiceRecord } from './registry.js';

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
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

export function credentialsFrom(
  row: Record<string, unknown>,
  existing: SignedServiceRecord | undefined,
  box: SecretBox,
): OrgCredentials | undefined {
  const environmentUrl = normalizeEnvironmentUrl(text(row[C.EnvironmentUrl]) ?? existing?.environmentUrl);
  const tenantId = text(row[C.TenantId]) ?? existing?.tenantId;
  const clientId = text(row[C.ClientId]) ?? existing?.clientId;
  const sealed = text(row[SEALED_SECRET]);
  const clientSecret =
    text(row[C.ClientSecret]) ?? (sealed ? box.open(sealed) : undefined) ?? (existing?.sealedSecret ? box.open(existing.sealedSecret) : undefined);
  if (!environmentUrl || !tenantId || !clientId || !clientSecret) return undefined;
  const cloud = row[C.Cloud] !== undefined ? cloudOf(row[C.Cloud]) : (existing?.cloud ?? 'Global');
  return { environmentUrl, cloud, tenantId, clientId, clientSecret };
}

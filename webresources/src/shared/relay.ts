/**
 * Talking to the relay from inside Dynamics: its address (the wxm_RelayUrl environment variable), the
 * authorization start URL, and the Signed Service status the relay last concluded.
 * Environment variables through the Web API: https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariabledefinition
 */
import type { Xrm } from './xrm.js';

/** Same rule as the relay's check (functions/src/relay/authorization/start.ts): gh_ and 12 hex characters. */
export const ORIGINAL_ID = /^gh_[0-9a-f]{12}$/;

export type AccountKind = 'officialaccount' | 'miniprogram';

export type OriginalIdProblem = 'required' | 'invalid';

/** Trims and lower-cases what the admin typed (IDs are shown in lower case); returns the ID or the problem. */
export function checkOriginalId(input: string): { ok: true; originalId: string } | { ok: false; problem: OriginalIdProblem } {
  const value = input.trim().toLowerCase();
  if (value === '') return { ok: false, problem: 'required' };
  return ORIGINAL_ID.test(value) ? { ok: true, originalId: value } : { ok: false, problem: 'invalid' };
}

const RELAY_URL_QUERY =
  "?$filter=schemaname eq 'wxm_RelayUrl'&$select=defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";

/** The current value of wxm_RelayUrl, else its default; undefined when neither is set. No trailing slash. */
export async function readRelayUrl(xrm: Xrm): Promise<string | undefined> {
  const result = await xrm.WebApi.retrieveMultipleRecords('environmentvariabledefinition', RELAY_URL_QUERY);
  const definition = result.entities[0];
  const values = definition?.['environmentvariabledefinition_environmentvariablevalue'];
  const current = Array.isArray(values) ? (values[0] as { value?: unknown } | undefined)?.value : undefined;
  const chosen = typeof current === 'string' && current.trim() ? current : definition?.['defaultvalue'];
  return typeof chosen === 'string' && chosen.trim() ? chosen.trim().replace(/\/+$/, '') : undefined;
}

/** GET /api/wechat/authorize on the relay (README, "HTTP routes"). */
export function authorizeUrl(
  relayUrl: string,
  input: { originalId: string; accountType: AccountKind; returnUrl: string; orgUrl?: string | undefined; mobile: boolean },
): string {
  const url = new URL('/api/wechat/authorize', `${relayUrl}/`);
  url.searchParams.set('originalId', input.originalId);
  url.searchParams.set('returnUrl', input.returnUrl);
  if (input.orgUrl) url.searchParams.set('orgUrl', input.orgUrl);
  url.searchParams.set('accountType', input.accountType);
  if (input.mobile) url.searchParams.set('mobile', '1');
  return url.toString();
}

export type SignedServiceState = 'pending' | 'connected' | 'failed' | 'revoked';

export interface SignedServiceStatus {
  state: SignedServiceState;
  reason: string;
  en: string;
  zh: string;
  updatedAt: string;
}

const STATES: readonly string[] = ['pending', 'connected', 'failed', 'revoked'];

/** `{a3e…}` or upper case → the bare lower-case GUID the relay's routes take. */
export function bareGuid(id: string): string {
  return id.replace(/[{}]/g, '').toLowerCase();
}

/**
 * GET /api/signed-services/{organizationId}/{signedServiceId}/status (CORS *). Undefined when the relay has
 * nothing for this row (404) or answers something else: the row's own status is shown then.
 */
export async function fetchSignedServiceStatus(
  fetchImpl: typeof fetch,
  relayUrl: string,
  organizationId: string,
  signedServiceId: string,
): Promise<SignedServiceStatus | undefined> {
  const url = `${relayUrl}/api/signed-services/${encodeURIComponent(bareGuid(organizationId))}/${encodeURIComponent(bareGuid(signedServiceId))}/status`;
  // The relay answers with cache-control: no-store, so every call sees its latest conclusion.
  const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  if (response.status !== 200) return undefined;
  const body = (await response.json()) as Partial<Record<keyof SignedServiceStatus, unknown>>;
  const { state, reason, en, zh, updatedAt } = body;
  if (typeof state !== 'string' || !STATES.includes(state) || typeof en !== 'string' || typeof zh !== 'string' || typeof updatedAt !== 'string')
    return undefined;
  return { state: state as SignedServiceState, reason: typeof reason === 'string' ? reason : '', en, zh, updatedAt };
}

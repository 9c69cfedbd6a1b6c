/**
 * msal-node failures → DataverseError. Entra ID refusals keep their AADSTS code so the relay can tell an admin
 * what to fix (https://learn.microsoft.com/entra/identity-platform/reference-error-codes):
 *   AADSTS7000215 wrong secret · AADSTS7000222 expired secret · AADSTS700016 application not in the tenant ·
 *   AADSTS90002 tenant not found · AADSTS500011 resource (environment) not found in the tenant.
 * Kinds: refusals are 'auth'; Entra ID 5xx or an unreachable host are 'transient'; 429 is 'throttled'.
 * Messages carry Entra ID's description (never the secret, which Entra ID does not echo) without trace ids.
 */
import { DataverseError } from '../errors.js';
import { UNREACHABLE } from './network.js';

interface MsalErrorLike {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  errorNo?: string | number;
  status?: number;
  networkCode?: string;
}

/** "AADSTS7000215: Invalid client secret provided. …" without the trailing Trace ID / Correlation ID / Timestamp. */
function description(text: string): string | undefined {
  const m = /AADSTS\d+:[^\r\n]*?(?=\s*(?:Trace ID:|\r|\n|$))/.exec(text);
  return m?.[0].trim();
}

export function tokenError(error: unknown, authorityHost: string): DataverseError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as MsalErrorLike;
  if (e.errorCode === UNREACHABLE || e.errorCode === 'network_error') {
    const code = e.networkCode ?? 'NETWORK_ERROR';
    return new DataverseError('transient', 0, code, `Entra ID (${authorityHost}) could not be reached (${code}).`, { cause: error });
  }
  const text = e.errorMessage ?? '';
  const aadsts = e.errorNo !== undefined && e.errorNo !== '' ? `AADSTS${e.errorNo}` : /AADSTS\d+/.exec(text)?.[0];
  const status = typeof e.status === 'number' ? e.status : 0;
  if (e.name === 'ServerError' || aadsts) {
    const what = description(text) ?? (e.errorCode ? `${e.errorCode} (HTTP ${status})` : `HTTP ${status}`);
    const code = aadsts ?? (e.errorCode || 'AADError');
    if (status >= 500 || e.errorCode === 'temporarily_unavailable')
      return new DataverseError('transient', status, code, `Entra ID is unavailable: ${what}`, { cause: error });
    if (status === 429) return new DataverseError('throttled', status, code, `Entra ID throttled the token request: ${what}`, { cause: error });
    return new DataverseError('auth', status || 400, code, `Entra ID refused the client credentials: ${what}`, { cause: error });
  }
  if (e.name === 'ClientConfigurationError') {
    return new DataverseError(
      'invalid',
      0,
      e.errorCode ?? 'ClientConfigurationError',
      `The token request could not be configured: ${e.errorCode ?? 'unknown'}.`,
      { cause: error },
    );
  }
  return new DataverseError(
    'transient',
    0,
    e.errorCode || 'TokenError',
    `No token from Entra ID (${authorityHost}): ${e.errorCode || (error instanceof Error ? error.name : 'unknown error')}.`,
    { cause: error },
  );
}

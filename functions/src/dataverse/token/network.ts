/**
 * The HTTP side of token requests, as msal-node's `system.networkClient` (INetworkModule):
 * - `fetchNetworkModule`: the default, on `fetch`, with a timeout; an unreachable host becomes an msal AuthError
 *   that still names the cause (ENOTFOUND, ECONNREFUSED…), because msal replaces other errors with a bare
 *   `network_error`.
 * - `withLoginBase`: rewrites requests for the Entra ID hosts to another base URL (the sandbox's fake Entra ID,
 *   `DATAVERSE_LOGIN_BASE`), keeping path, query and body. msal only accepts https authorities, so the rewrite
 *   has to happen below msal.
 * https://learn.microsoft.com/entra/identity-platform/msal-node-extensibility#custom-http-client (networkClient)
 */
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** errorCode of the AuthError thrown for an unreachable token endpoint; `networkCode` holds the socket error. */
export const UNREACHABLE = 'token_endpoint_unreachable';

export function networkCodeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  if (typeof code === 'string') return code;
  return (error as { name?: string } | undefined)?.name === 'TimeoutError' ? 'ETIMEDOUT' : 'NETWORK_ERROR';
}

export function fetchNetworkModule(fetchImpl: FetchLike = fetch, timeoutMs = 15_000): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers: options?.headers,
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const code = networkCodeOf(e);
      throw Object.assign(new AuthError(UNREACHABLE, '', `${new URL(url).host} could not be reached (${code}).`), { networkCode: code });
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => (headers[key] = value));
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Not Entra ID (a proxy page, a wrong login base): keep the status so the caller can classify it.
      body = { error: 'invalid_response', error_description: `The token endpoint answered HTTP ${res.status} without JSON.` };
    }
    return { headers, body: body as T, status: res.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Sends requests for `hosts` (e.g. login.microsoftonline.com) to `base` + the original path and query. */
export function withLoginBase(inner: INetworkModule, hosts: readonly string[], base: string): INetworkModule {
  const target = base.replace(/\/+$/, '');
  const known = new Set(hosts.map((h) => h.toLowerCase()));
  const rewrite = (url: string) => {
    const u = new URL(url);
    return known.has(u.host.toLowerCase()) ? `${target}${u.pathname}${u.search}` : url;
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => inner.sendGetRequestAsync(rewrite(url), options, timeout),
    sendPostRequestAsync: (url, options) => inner.sendPostRequestAsync(rewrite(url), options),
  };
}

/**
 * Test helpers: an msal INetworkModule that records what msal sends (URL, form fields) and forwards it to the
 * fake Entra ID of the right Dataverse emulator (chosen by the tenant in the path), instead of a real Entra ID.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import type { OrgCredentials } from '../../../functions/src/dataverse/types.js';

export interface RecordedRequest {
  method: 'GET' | 'POST';
  /** The URL msal asked for (before forwarding). */
  url: string;
  form: URLSearchParams;
}

export interface RecordingNetwork extends INetworkModule {
  requests: RecordedRequest[];
}

/** Forwards `https://<any host>/<tenant>/…` to `<emulator.loginBase>/<tenant>/…` of the emulator owning that tenant. */
export function emulatorAad(emulators: DataverseEmulator[], respond?: (req: RecordedRequest) => NetworkResponse<unknown> | undefined): RecordingNetwork {
  const requests: RecordedRequest[] = [];
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const recorded = { method, url, form: new URLSearchParams(options?.body ?? '') };
    requests.push(recorded);
    const canned = respond?.(recorded);
    if (canned) return canned as NetworkResponse<T>;
    const u = new URL(url);
    const tenant = u.pathname.split('/')[1]?.toLowerCase() ?? '';
    const dv = emulators.find((e) => e.tenantId.toLowerCase() === tenant) ?? emulators[0];
    if (!dv) throw new Error('no emulator to forward to');
    const res = await fetch(`${dv.loginBase}${u.pathname}${u.search}`, {
      method,
      headers: options?.headers,
      body: method === 'POST' ? options?.body : undefined,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, headers, body: (await res.json()) as T };
  };
  return { requests, sendGetRequestAsync: (url, options) => send('GET', url, options), sendPostRequestAsync: (url, options) => send('POST', url, options) };
}

/** Credentials of an emulator's first application user (or the given client), as a Signed Service holds them. */
export function credentialsFor(dv: DataverseEmulator, overrides: Partial<OrgCredentials> = {}): OrgCredentials {
  return {
    environmentUrl: dv.url,
    cloud: 'Global',
    tenantId: dv.tenantId,
    clientId: dv.defaultUser.clientId,
    clientSecret: dv.defaultUser.clientSecret ?? '',
    ...overrides,
  };
}

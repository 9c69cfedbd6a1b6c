/**
 * What the relay's result page hands back: a `postMessage` to this page (its opener), addressed to this org's
 * origin only (functions/src/pages/result-page.ts). A message counts only when it comes from the relay's
 * origin (wxm_RelayUrl), has the expected shape, and names this org; anything else is ignored. The token
 * never travels in a URL.
 * https://developer.mozilla.org/docs/Web/API/Window/postMessage#security_concerns
 */

export const RESULT_MESSAGE_TYPE = 'wxm-authorization';
/** The answer that lets the relay's tab close itself. */
export const RECEIVED_MESSAGE_TYPE = 'wxm-authorization-received';

export interface AuthorizationReturn {
  appid: string;
  originalId: string;
  name: string;
  bindingToken: string;
  serverAddress: string;
  missing: number[];
  /** The org origin the binding token is for. */
  org: string;
}

const APPID = /^wx[0-9a-f]{16}$/;
const ORIGINAL_ID = /^gh_[0-9a-f]{12}$/;
const TOKEN = /^wxb_[A-Za-z0-9_-]{8,64}$/;

/** The result, or undefined unless `origin` is the relay's and the data is a well-formed result for `org`. */
export function parseResultMessage(event: { origin: string; data: unknown }, relayOrigin: string, org: string): AuthorizationReturn | undefined {
  if (event.origin !== relayOrigin) return undefined;
  const data = event.data as Partial<Record<keyof AuthorizationReturn | 'type', unknown>> | null;
  if (!data || typeof data !== 'object' || data.type !== RESULT_MESSAGE_TYPE) return undefined;
  const { appid, originalId, name, bindingToken, serverAddress, missing } = data;
  if (typeof appid !== 'string' || !APPID.test(appid)) return undefined;
  if (typeof originalId !== 'string' || !ORIGINAL_ID.test(originalId)) return undefined;
  if (typeof bindingToken !== 'string' || !TOKEN.test(bindingToken)) return undefined;
  if (typeof name !== 'string' || typeof serverAddress !== 'string' || !serverAddress.startsWith(`${relayOrigin}/`)) return undefined;
  if (!Array.isArray(missing) || !missing.every((id) => Number.isInteger(id) && id > 0)) return undefined;
  if (typeof data.org !== 'string' || data.org.toLowerCase() !== org.toLowerCase()) return undefined;
  return { appid, originalId, name, bindingToken, serverAddress, missing: missing as number[], org: data.org };
}

/** The relay's origin from wxm_RelayUrl (undefined when it is not a URL). */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** This page's address without the fragment, with the language pinned so the result shows in the same one. */
export function returnUrlOf(href: string, language: string): string {
  const url = new URL(href);
  url.hash = '';
  url.searchParams.set('lang', language);
  return url.toString();
}

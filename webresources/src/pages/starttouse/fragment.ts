/**
 * What the relay's result page hands back: its "back" link is this page's URL with a fragment carrying appid,
 * originalId, name, bindingToken, serverAddress, missing (permission set ids, comma separated) and, when the
 * account was bound to this environment directly, boundTo (functions/src/pages/authorization-pages.ts).
 * A fragment never reaches a server log, which is why the result travels there.
 */
import { parsePermissionIds } from '../../shared/permissions.js';

export interface AuthorizationReturn {
  appid: string;
  originalId: string;
  name: string;
  bindingToken: string;
  serverAddress: string;
  missing: number[];
  boundTo?: string;
}

/** Undefined unless the fragment carries at least an AppId (any other fragment is not ours). */
export function parseReturn(hash: string): AuthorizationReturn | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const appid = params.get('appid')?.trim();
  if (!appid) return undefined;
  const boundTo = params.get('boundTo')?.trim();
  return {
    appid,
    originalId: params.get('originalId') ?? '',
    name: params.get('name') ?? '',
    bindingToken: params.get('bindingToken') ?? '',
    serverAddress: params.get('serverAddress') ?? '',
    missing: parsePermissionIds(params.get('missing')),
    ...(boundTo && { boundTo }),
  };
}

/** This page's address without the fragment, with the language pinned so the result shows in the same one. */
export function returnUrlOf(href: string, language: string): string {
  const url = new URL(href);
  url.hash = '';
  url.searchParams.set('lang', language);
  return url.toString();
}

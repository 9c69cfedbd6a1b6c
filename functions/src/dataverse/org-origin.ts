/**
 * Which Dataverse environments the relay may talk to (and which origins Start To Use may return to): an
 * environment URL is accepted only as `https://<org>.crm<N>.dynamics.com` (Global) or
 * `https://<org>.crm<N>.dynamics.cn` (China, operated by 21Vianet), optionally with the `.api.` Web API host,
 * never an IP literal, a port, or credentials in the URL. That closes the SSRF path where a row or a hint names
 * loopback, link-local metadata addresses or a storage endpoint and the relay sends it a bearer token.
 *
 * The sandbox and the tests run Dataverse on loopback: they name those origins exactly in
 * `DATAVERSE_ALLOWED_ORIGINS`; the check itself is never relaxed.
 *
 * Hosts: https://learn.microsoft.com/power-platform/admin/new-datacenter-regions (crm, crm2 … crm21 per region)
 * and https://docs.azure.cn/dynamics365/ (crm.dynamics.cn for 21Vianet).
 */
import { DataverseError } from './errors.js';
import type { DataverseCloud } from './types.js';

/** `<org>[.api].crm[N].dynamics.com|cn`; one DNS label for the org (what the admin center assigns). */
const ORG_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.api)?\.crm\d{0,2}\.dynamics\.(com|cn)$/;

export interface OrgOriginPolicy {
  /** Exact origins (scheme, host, port) accepted besides the cloud patterns: the sandbox and tests only. */
  extraOrigins: readonly string[];
}

export const STRICT_ORG_ORIGINS: OrgOriginPolicy = { extraOrigins: [] };

const refused = (message: string) => new DataverseError('invalid', 0, 'EnvironmentUrlNotAllowed', message);

/**
 * The origin of an allowed environment URL (lower case, no trailing slash), or a DataverseError 'invalid' with
 * code EnvironmentUrlNotAllowed that says what an admin must type instead. With `cloud`, a host of the other
 * cloud is refused as CloudMismatch.
 */
export function allowedOrgOrigin(value: string, policy: OrgOriginPolicy, cloud?: DataverseCloud): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw refused('The environment URL is not an absolute URL such as https://contoso.crm.dynamics.com.');
  }
  if (url.username || url.password) throw refused('The environment URL must not contain a user name or password.');
  const origin = url.origin.toLowerCase();
  if (policy.extraOrigins.includes(origin)) return origin;
  if (url.protocol !== 'https:') throw refused(`The environment URL must start with https:// (found ${url.protocol}).`);
  if (url.port) throw refused('The environment URL must not name a port.');
  const host = url.hostname.toLowerCase();
  const match = ORG_HOST.exec(host);
  if (!match) {
    throw refused(`${host} is not a Dataverse environment: use https://<org>.crm.dynamics.com (Global) or https://<org>.crm.dynamics.cn (China).`);
  }
  const hostCloud: DataverseCloud = match[1] === 'cn' ? 'China' : 'Global';
  if (cloud && cloud !== hostCloud) {
    throw new DataverseError('invalid', 0, 'CloudMismatch', `The environment ${host} belongs to the ${hostCloud} cloud, but the Signed Service says ${cloud}.`);
  }
  return origin;
}

/** True when allowedOrgOrigin would accept the value. */
export function isAllowedOrgOrigin(value: string, policy: OrgOriginPolicy): boolean {
  try {
    allowedOrgOrigin(value, policy);
    return true;
  } catch {
    return false;
  }
}

/** Reads `DATAVERSE_ALLOWED_ORIGINS`-style lists: comma or space separated absolute origins. */
export function parseOriginList(value: string | undefined): string[] | { invalid: string } {
  if (!value?.trim()) return [];
  const out: string[] = [];
  for (const item of value.split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return { invalid: item };
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
      return { invalid: item };
    }
    if (item.replace(/\/$/, '').toLowerCase() !== url.origin.toLowerCase()) return { invalid: item };
    out.push(url.origin.toLowerCase());
  }
  return out;
}

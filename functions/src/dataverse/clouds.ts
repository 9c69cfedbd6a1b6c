/**
 * Where each cloud signs in, and what an admin's Signed Service must look like before anything goes on the wire.
 *
 * Entra ID hosts (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud, and its
 * 21Vianet copy https://docs.azure.cn/entra/identity-platform/authentication-national-cloud):
 * - Global: login.microsoftonline.com.
 * - China (operated by 21Vianet): the national-cloud page names login.partner.microsoftonline.cn; older pages
 *   (https://learn.microsoft.com/graph/deployments) and msal's AzureCloudInstance.AzureChina still say
 *   login.chinacloudapi.cn. msal-common's built-in instance metadata lists both as aliases of one cloud with
 *   login.partner.microsoftonline.cn as `preferred_network`, so that is the default; `authorityHosts.China`
 *   switches it.
 * Dataverse hosts: <org>.crm*.dynamics.com (Global) and <org>.crm*.dynamics.cn (China); a token's scope is the
 * environment URL + `/.default` (https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth).
 */
import { DataverseError } from './errors.js';
import { allowedOrgOrigin, STRICT_ORG_ORIGINS, type OrgOriginPolicy } from './org-origin.js';
import type { DataverseCloud, OrgCredentials } from './types.js';
import { GUID_PATTERN as GUID } from '../kernel/guid.js';

export const DEFAULT_AUTHORITY_HOSTS: Readonly<Record<DataverseCloud, string>> = {
  Global: 'login.microsoftonline.com',
  China: 'login.partner.microsoftonline.cn',
};

const CLOUDS: readonly DataverseCloud[] = ['Global', 'China'];
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const invalid = (code: string, message: string) => new DataverseError('invalid', 0, code, message);

/**
 * The environment's origin (`https://contoso.crm.dynamics.com`) when the policy allows it (org-origin.ts:
 * `https://<org>.crm*.dynamics.com|cn`, plus the exact origins a sandbox or test names); otherwise DataverseError
 * 'invalid' EnvironmentUrlNotAllowed. A pasted Web API endpoint (`…/api/data/v9.2/`) or app URL
 * (`…/main.aspx?…`) is accepted: only the origin matters.
 */
export function environmentOrigin(environmentUrl: string, policy: OrgOriginPolicy = STRICT_ORG_ORIGINS): string {
  return allowedOrgOrigin(String(environmentUrl), policy);
}

/** `<environment origin>/.default`: the application permissions of the app user in that environment. */
export function scopeFor(environmentUrl: string, policy: OrgOriginPolicy = STRICT_ORG_ORIGINS): string {
  return `${environmentOrigin(environmentUrl, policy)}/.default`;
}

/**
 * Checks a Signed Service's fields before anything goes on the wire and returns the environment's origin;
 * throws DataverseError 'invalid' naming the field an admin must fix. The environment URL must be one the policy
 * allows (never loopback, link-local, a storage endpoint, http, a port or an IP literal unless named exactly).
 */
export function validateCredentials(credentials: OrgCredentials, policy: OrgOriginPolicy = STRICT_ORG_ORIGINS): string {
  const { cloud, tenantId, clientId, clientSecret } = credentials;
  if (!CLOUDS.includes(cloud)) throw invalid('InvalidCloud', `The cloud must be Global or China (found '${String(cloud)}').`);
  const origin = allowedOrgOrigin(String(credentials.environmentUrl), policy, cloud);
  if (typeof tenantId !== 'string' || !(GUID.test(tenantId) || DNS_NAME.test(tenantId)))
    throw invalid('InvalidTenantId', 'The tenant (directory) id must be a GUID or a domain such as contoso.onmicrosoft.com.');
  if (typeof clientId !== 'string' || !/^[\w.-]{1,100}$/.test(clientId))
    throw invalid('InvalidClientId', 'The application (client) id must be the GUID shown on the app registration.');
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) throw invalid('MissingClientSecret', 'The client secret is empty.');
  return origin;
}

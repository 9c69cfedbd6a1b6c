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
import type { DataverseCloud, OrgCredentials } from './types.js';

export const DEFAULT_AUTHORITY_HOSTS: Readonly<Record<DataverseCloud, string>> = {
  Global: 'login.microsoftonline.com',
  China: 'login.partner.microsoftonline.cn',
};

const CLOUDS: readonly DataverseCloud[] = ['Global', 'China'];
/** Dataverse hosts of each cloud, to catch a Global URL saved with cloud China (or the reverse). */
const DATAVERSE_HOSTS: Readonly<Record<DataverseCloud, RegExp>> = { Global: /\.dynamics\.com$/i, China: /\.dynamics\.cn$/i };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const invalid = (code: string, message: string) => new DataverseError('invalid', 0, code, message);

/**
 * The environment's origin (`https://contoso.crm.dynamics.com`). A pasted Web API endpoint
 * (`…/api/data/v9.2/`) or app URL (`…/main.aspx?…`) is accepted: only the origin matters.
 */
export function environmentOrigin(environmentUrl: string): string {
  let url: URL;
  try {
    url = new URL(environmentUrl.trim());
  } catch {
    throw invalid('InvalidEnvironmentUrl', `The environment URL '${environmentUrl}' is not an absolute URL such as https://contoso.crm.dynamics.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('InvalidEnvironmentUrl', `The environment URL must start with https:// (found ${url.protocol}).`);
  if (url.username || url.password) throw invalid('InvalidEnvironmentUrl', 'The environment URL must not contain a user name or password.');
  return url.origin.toLowerCase();
}

/** `<environment origin>/.default`: the application permissions of the app user in that environment. */
export function scopeFor(environmentUrl: string): string {
  return `${environmentOrigin(environmentUrl)}/.default`;
}

/** Checks a Signed Service's fields; throws DataverseError 'invalid' naming the field an admin must fix. */
export function validateCredentials(credentials: OrgCredentials): void {
  const { cloud, tenantId, clientId, clientSecret } = credentials;
  if (!CLOUDS.includes(cloud)) throw invalid('InvalidCloud', `The cloud must be Global or China (found '${String(cloud)}').`);
  const origin = environmentOrigin(credentials.environmentUrl);
  const host = new URL(origin).hostname;
  const other = CLOUDS.find((c) => c !== cloud && DATAVERSE_HOSTS[c].test(host));
  if (other) throw invalid('CloudMismatch', `The environment ${host} belongs to the ${other} cloud, but the Signed Service says ${cloud}.`);
  if (typeof tenantId !== 'string' || !(GUID.test(tenantId) || DNS_NAME.test(tenantId))) throw invalid('InvalidTenantId', 'The tenant (directory) id must be a GUID or a domain such as contoso.onmicrosoft.com.');
  if (typeof clientId !== 'string' || !/^[\w.-]{1,100}$/.test(clientId)) throw invalid('InvalidClientId', 'The application (client) id must be the GUID shown on the app registration.');
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) throw invalid('MissingClientSecret', 'The client secret is empty.');
}

/**
 * Which org an authorization is for. Start To Use runs on the org's own origin (web resources are served by
 * the org: https://contoso.crm.dynamics.com/WebResources/…), so its `returnUrl` names the org; it is accepted
 * only on an org origin (`*.crm*.dynamics.com|cn`, or an exact origin of DATAVERSE_ALLOWED_ORIGINS for the
 * sandbox and tests). `orgUrl` (Xrm's getClientUrl) is optional and must then be that same origin.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/getclienturl
 */
import { allowedOrgOrigin, type OrgOriginPolicy } from '../../dataverse/org-origin.js';
import { AuthorizationFailed } from '../errors.js';

export interface ReturnTarget {
  /** returnUrl without its fragment. */
  returnUrl: string;
  /** The org origin, lower case, no trailing slash. */
  org: string;
}

export function returnTarget(returnUrl: string | null, orgUrl: string | null, policy: OrgOriginPolicy): ReturnTarget {
  const url = parsed(returnUrl);
  if (!url) throw new AuthorizationFailed('invalid-return-url');
  let org: string;
  try {
    org = allowedOrgOrigin(url.toString(), policy);
  } catch {
    throw new AuthorizationFailed('return-url-not-allowed', `origin ${url.origin}`);
  }
  if (orgUrl?.trim()) {
    const claimed = parsed(orgUrl);
    if (!claimed || claimed.origin.toLowerCase() !== org) throw new AuthorizationFailed('org-mismatch');
  }
  url.hash = '';
  return { returnUrl: url.toString(), org };
}

function parsed(value: string | null): URL | undefined {
  if (!value?.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

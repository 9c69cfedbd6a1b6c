/**
 * Entra ID metadata handed to msal-node in its configuration (`auth.authorityMetadata` and
 * `auth.cloudDiscoveryMetadata`), so msal never fetches the OpenID configuration or the instance discovery
 * document: the token POST is the only request, in production and in tests alike.
 * Endpoint shapes: https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 * msal option: https://learn.microsoft.com/entra/identity-platform/msal-js-initializing-client-applications#configuration-options
 */

/** The authority URL msal is configured with: `https://<host>/<tenant>`. */
export function authorityUrl(host: string, tenantId: string): string {
  return `https://${host}/${tenantId}`;
}

/** The OpenID configuration of one tenant, as msal's `authorityMetadata` (a JSON string). */
export function authorityMetadata(host: string, tenantId: string): string {
  const base = authorityUrl(host, tenantId);
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

/**
 * Instance discovery for one host, as msal's `cloudDiscoveryMetadata`. The host is its own preferred network
 * host, so msal posts to exactly the configured host (its built-in table would move login.chinacloudapi.cn to
 * login.partner.microsoftonline.cn).
 */
export function cloudDiscoveryMetadata(host: string): string {
  return JSON.stringify({
    tenant_discovery_endpoint: `https://${host}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

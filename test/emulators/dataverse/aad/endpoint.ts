/**
 * A fake Microsoft Entra ID token endpoint, mounted at `/aad` on the emulator:
 *   POST /aad/<tenant>/oauth2/v2.0/token                 client_credentials with client_secret → an access token
 *   GET  /aad/<tenant>/v2.0/.well-known/openid-configuration   for clients that discover endpoints
 * The tokens are the emulator's own unsigned JWTs (aud = the resource of `<resource>/.default`, appid/azp = the
 * client id, tid = the tenant), which the emulator's Web API accepts.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { mintToken } from '../auth.js';
import type { AadDirectory } from './directory.js';
import {
  AadError,
  applicationNotFound,
  invalidClientSecret,
  invalidScope,
  missingClientSecret,
  missingParameter,
  tenantNotFound,
  unsupportedGrantType,
} from './errors.js';

export interface AadRequestLogEntry {
  at: number;
  method: string;
  path: string;
  tenant?: string;
  clientId?: string;
  scope?: string;
  status: number;
  /** The AADSTS number of a refusal. Secrets and tokens are never logged. */
  code?: number;
}

export interface AadResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface AadEndpointOptions {
  now: () => number;
  lifetimeSeconds: () => number;
  /** The emulator's base URL, ending in '/'. */
  baseUrl: () => string;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };
/** Scopes msal may add to any request; they carry no resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

export class AadEndpoint {
  readonly log: AadRequestLogEntry[] = [];

  constructor(
    private readonly directory: AadDirectory,
    private readonly options: AadEndpointOptions,
  ) {}

  handle(method: string, pathname: string, body: Buffer): AadResponse {
    const entry: AadRequestLogEntry = { at: this.options.now(), method, path: pathname, status: 0 };
    let response: AadResponse;
    try {
      response = this.route(method, pathname, body, entry);
    } catch (e) {
      if (!(e instanceof AadError)) throw e;
      entry.code = e.code;
      response = { status: e.status, headers: JSON_HEADERS, body: e.body(this.options.now()) };
    }
    entry.status = response.status;
    this.log.push(entry);
    return response;
  }

  private route(method: string, pathname: string, body: Buffer, entry: AadRequestLogEntry): AadResponse {
    const token = /^\/aad\/([^/]+)\/oauth2\/v2\.0\/token\/?$/.exec(pathname);
    if (token?.[1] && method === 'POST') return this.token(decodeURIComponent(token[1]), new URLSearchParams(body.toString('utf8')), entry);
    const oidc = /^\/aad\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname);
    if (oidc?.[1] && method === 'GET') return this.openIdConfiguration(decodeURIComponent(oidc[1]), entry);
    return { status: 404, headers: JSON_HEADERS, body: { error: 'not_found', error_description: `No fake Entra ID endpoint at ${method} ${pathname}.` } };
  }

  /** Checks in the order Entra ID reports problems: tenant, grant, client, secret, scope. */
  private token(tenantParam: string, form: URLSearchParams, entry: AadRequestLogEntry): AadResponse {
    entry.tenant = tenantParam;
    const tenant = this.directory.tenant(tenantParam);
    if (!tenant) throw tenantNotFound(tenantParam);
    if (form.get('grant_type') !== 'client_credentials') throw unsupportedGrantType();
    const clientId = form.get('client_id');
    if (!clientId) throw missingParameter('client_id');
    entry.clientId = clientId;
    const app = this.directory.application(tenant, clientId);
    if (!app) throw applicationNotFound(clientId, tenant);
    const secret = form.get('client_secret');
    if (!secret) throw missingClientSecret();
    if (!this.directory.secretMatches(app, secret)) throw invalidClientSecret(app.clientId);
    const scope = form.get('scope') ?? '';
    entry.scope = scope;
    const resources = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    const only = resources.length === 1 ? resources[0] : undefined;
    if (!only?.endsWith('/.default')) throw invalidScope(scope);
    const resource = only.slice(0, -'/.default'.length);
    const lifetime = this.options.lifetimeSeconds();
    const accessToken = mintToken({
      audience: resource,
      clientId: app.clientId,
      tenantId: tenant,
      nowSeconds: Math.floor(this.options.now() / 1000),
      lifetimeSeconds: lifetime,
    });
    return { status: 200, headers: JSON_HEADERS, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken } };
  }

  private openIdConfiguration(tenantParam: string, entry: AadRequestLogEntry): AadResponse {
    entry.tenant = tenantParam;
    const tenant = this.directory.tenant(tenantParam);
    if (!tenant) throw tenantNotFound(tenantParam);
    const base = `${this.options.baseUrl()}aad/${tenant}`;
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        grant_types_supported: ['client_credentials'],
      },
    };
  }
}

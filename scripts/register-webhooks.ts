/**
 * `npm run register-webhooks -- --env-url <url> --relay-url <url>
 *    (--token <bearer> | --tenant-id <id> --client-id <id> --client-secret <secret> [--cloud Global|China])`
 *
 * Registers the relay's webhook in one environment (solution/webhooks/registration.ts) with that org's own
 * webhook key: it asks the environment for its organization id (WhoAmI), derives the key from RELAY_SECRET_KEY
 * (relay/webhook/webhook-key.ts), prints it and registers it as the x-wxm-webhook-key header, never in a URL.
 * Only this org's key is derived or printed. RELAY_SECRET_KEY comes from the environment (in production: the
 * same Key Vault secret the relay uses), else from the local run's .data/local-secrets.json (`npm start`).
 *
 * The identity used must be allowed to register plug-in steps (System Administrator or System Customizer); the
 * relay's own application user is deliberately not. The token and client secret are never printed.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { DynamicsWebApi } from 'dynamics-web-api';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secretKey } from '../functions/src/config/checks.js';
import { webhookKeyFor, webhookKeyRoot } from '../functions/src/relay/webhook/webhook-key.js';
import { registerWebhooks, WEBHOOK_KEY_HEADER, WebhookRegistrationError } from '../solution/webhooks/registration.js';

/**
 * Sign-in authority per cloud: https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 * (Azure China operated by 21Vianet signs in at login.chinacloudapi.cn; its Dataverse hosts are *.crm.dynamics.cn).
 */
const AUTHORITY_HOSTS = { Global: 'https://login.microsoftonline.com', China: 'https://login.chinacloudapi.cn' } as const;
const USAGE =
  'usage: npm run register-webhooks -- --env-url <url> --relay-url <url> (--token <bearer> | --tenant-id <id> --client-id <id> --client-secret <secret> [--cloud Global|China])';

class UsageError extends Error {}

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

/** RELAY_SECRET_KEY from the environment, else the one `npm start` generated under .data/ (never generated here). */
function relaySecretKey(): Buffer {
  const fromEnv = process.env.RELAY_SECRET_KEY?.trim();
  if (fromEnv) return secretKey('RELAY_SECRET_KEY', fromEnv);
  const file = join(process.env.RELAY_DATA_DIR ?? join(import.meta.dirname, '../.data'), 'local-secrets.json');
  if (existsSync(file)) {
    const local = JSON.parse(readFileSync(file, 'utf8')) as { RELAY_SECRET_KEY?: string };
    if (local.RELAY_SECRET_KEY) return secretKey('RELAY_SECRET_KEY', local.RELAY_SECRET_KEY);
  }
  throw new UsageError("set RELAY_SECRET_KEY to the relay's key (its webhook keys are derived from it)");
}

function tokenSource(values: Record<string, string | undefined>, envUrl: string): () => Promise<string> {
  if (values['token']) {
    const token = values['token'];
    return async () => token;
  }
  if (!values['tenant-id'] && !values['client-id'] && !values['client-secret']) {
    throw new UsageError('pass --token, or --tenant-id, --client-id and --client-secret');
  }
  const cloud = values['cloud'] ?? 'Global';
  if (cloud !== 'Global' && cloud !== 'China') throw new UsageError('--cloud must be Global or China');
  const host = new URL(envUrl).hostname;
  if (cloud === 'China' && host.endsWith('.dynamics.com')) console.warn(`register-webhooks: ${host} looks like a global environment but --cloud is China`);
  if (cloud === 'Global' && host.endsWith('.dynamics.cn')) console.warn(`register-webhooks: ${host} looks like a China environment; pass --cloud China`);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: required(values, 'client-id'),
      clientSecret: required(values, 'client-secret'),
      authority: `${AUTHORITY_HOSTS[cloud]}/${required(values, 'tenant-id')}`,
    },
  });
  const scope = `${new URL(envUrl).origin}/.default`;
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error('Azure AD returned no access token');
    return result.accessToken;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'env-url': { type: 'string' },
      'relay-url': { type: 'string' },
      token: { type: 'string' },
      'tenant-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      cloud: { type: 'string' },
    },
  });
  const envUrl = required(values, 'env-url');
  const relayUrl = required(values, 'relay-url');
  const root = webhookKeyRoot(relaySecretKey());
  const getToken = tokenSource(values, envUrl);
  const api = new DynamicsWebApi({ serverUrl: envUrl, dataApi: { version: '9.2' }, onTokenRefresh: getToken });
  // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami
  const who = await api.callFunction<{ OrganizationId?: string }>({ name: 'WhoAmI' });
  const organizationId = String(who?.OrganizationId ?? '').toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(organizationId)) throw new Error('WhoAmI did not return an organization id');
  const webhookKey = webhookKeyFor(root, organizationId);
  const result = await registerWebhooks(api, { relayUrl, webhookKey });
  console.log(
    `register-webhooks: organization ${organizationId}: webhook key ${webhookKey} (sent as the ${WEBHOOK_KEY_HEADER} header; it belongs to this org only)`,
  );
  console.log(
    `register-webhooks: service endpoint ${result.serviceEndpointId} (${result.endpointCreated ? 'created' : 'updated'}) → ${result.url} [HttpHeader]`,
  );
  for (const step of result.steps) console.log(`register-webhooks: step ${step.id} (${step.created ? 'created' : 'updated'}) ${step.name}`);
}

try {
  await main();
} catch (error) {
  // Only the message: errors from Azure AD or Dataverse never echo the secret or token we sent.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`register-webhooks: ${message}`);
  if (error instanceof UsageError || error instanceof WebhookRegistrationError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    console.error(USAGE);
  process.exitCode = 1;
}

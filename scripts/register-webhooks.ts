/**
 * `npm run register-webhooks -- --env-url <url> --relay-url <url> --webhook-key <key>
 *    (--token <bearer> | --tenant-id <id> --client-id <id> --client-secret <secret> [--cloud Global|China])
 *    [--auth WebhookKey|HttpHeader]`
 *
 * Registers the relay's webhook in one environment (solution/webhooks/registration.ts). The identity
 * used must be allowed to register plug-in steps (System Administrator or System Customizer); the
 * relay's own application user is deliberately not. Secrets are never printed.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { DynamicsWebApi } from 'dynamics-web-api';
import { parseArgs } from 'node:util';
import { registerWebhooks, WebhookRegistrationError } from '../solution/webhooks/registration.js';

/**
 * Sign-in authority per cloud: https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 * (Azure China operated by 21Vianet signs in at login.chinacloudapi.cn; its Dataverse hosts are *.crm.dynamics.cn).
 */
const AUTHORITY_HOSTS = { Global: 'https://login.microsoftonline.com', China: 'https://login.chinacloudapi.cn' } as const;

class UsageError extends Error {}

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
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
      'webhook-key': { type: 'string' },
      auth: { type: 'string' },
      token: { type: 'string' },
      'tenant-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      cloud: { type: 'string' },
    },
  });
  const envUrl = required(values, 'env-url');
  const relayUrl = required(values, 'relay-url');
  const webhookKey = required(values, 'webhook-key');
  const auth = values.auth ?? 'WebhookKey';
  if (auth !== 'WebhookKey' && auth !== 'HttpHeader') throw new UsageError('--auth must be WebhookKey or HttpHeader');
  const getToken = tokenSource(values, envUrl);
  const api = new DynamicsWebApi({ serverUrl: envUrl, dataApi: { version: '9.2' }, onTokenRefresh: getToken });
  const result = await registerWebhooks(api, { relayUrl, webhookKey, auth });
  console.log(`register-webhooks: service endpoint ${result.serviceEndpointId} (${result.endpointCreated ? 'created' : 'updated'}) → ${result.url} [${auth}]`);
  for (const step of result.steps) console.log(`register-webhooks: step ${step.id} (${step.created ? 'created' : 'updated'}) ${step.name}`);
}

try {
  await main();
} catch (error) {
  // Only the message: errors from Azure AD or Dataverse never echo the secret or token we sent.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`register-webhooks: ${message}`);
  if (error instanceof UsageError || error instanceof WebhookRegistrationError) {
    console.error('usage: npm run register-webhooks -- --env-url <url> --relay-url <url> --webhook-key <key> (--token <bearer> | --tenant-id <id> --client-id <id> --client-secret <secret> [--cloud Global|China]) [--auth WebhookKey|HttpHeader]');
  }
  process.exitCode = 1;
}

/**
 * The sandbox's Dataverse: the emulator on 7072 stands in for a customer's environment. The relay reaches it
 * exactly as a real one (Azure AD client credentials — the emulator's fake Azure AD via DATAVERSE_LOGIN_BASE —
 * then the Web API). An admin's steps are scripted: register the webhook with this org's own key (what
 * `npm run register-webhooks` derives), create the Signed Service with the binding token from the authorization
 * page, wait for the relay to connect it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamicsWebApi } from 'dynamics-web-api';
import { Cloud, ConnectionStatus, SignedService } from '@wxm/solution/schema';
import { webhookKeyFor, webhookKeyRoot } from '../../functions/src/relay/webhook/webhook-key.js';
import { registerWebhooks } from '../../solution/webhooks/registration.js';
import { loadSolutionSchema, startDataverseEmulator, type DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import { withoutMarketingLists, withSavedQueries } from '../../test/emulators/dataverse/audience-tables.js';

export interface SandboxDataverse {
  emulator: DataverseEmulator;
  /** The application user the customer hands the relay (Signed Service). */
  relayApp: { tenantId: string; clientId: string; clientSecret: string };
  /** A token for the sandbox's "admin" (curl, scripts): full privileges, 24 hours. */
  adminToken: string;
  /** Registers the webhook and creates the demo Signed Service; resolves once the relay connected it. */
  connect(input: { relayUrl: string; relaySecretKey: string; appid: string; bindingToken: string }): Promise<{ signedServiceId: string }>;
  close(): Promise<void>;
}

export async function startSandboxDataverse(port: number): Promise<SandboxDataverse> {
  const tenantId = randomUUID();
  const relayApp = { tenantId, clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
  const admin = { clientId: randomUUID(), tenantId, name: 'Sandbox Admin', privileges: 'all' as const };
  const emulator = await startDataverseEmulator({
    port,
    // System views exist in every environment (audience tags run them); marketing lists only with Dynamics 365
    // Sales, which the sandbox does not have: an audience tag there uses a view.
    schema: withoutMarketingLists(withSavedQueries(await loadSolutionSchema())),
    org: { tenantId, name: 'sandbox' },
    // As an admin sets it up: the shipped Relay role and Relay Secrets profile, nothing more.
    applicationUsers: [
      { ...relayApp, name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'], fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'] },
      admin,
    ],
  });
  const adminToken = emulator.issueToken({ clientId: admin.clientId, lifetimeSeconds: 24 * 3600 });
  const api = new DynamicsWebApi({ serverUrl: emulator.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => adminToken });

  return {
    emulator,
    relayApp,
    adminToken,
    async connect({ relayUrl, relaySecretKey, appid, bindingToken }) {
      const webhookKey = webhookKeyFor(webhookKeyRoot(Buffer.from(relaySecretKey, 'base64')), emulator.organizationId);
      await registerWebhooks(api, { relayUrl, webhookKey });
      const C = SignedService.columns;
      const signedServiceId = await api.create({
        collection: SignedService.entitySetName,
        data: {
          [C.Name]: 'Sandbox demo',
          [C.TenantId]: relayApp.tenantId,
          [C.ClientId]: relayApp.clientId,
          [C.ClientSecret]: relayApp.clientSecret,
          [C.EnvironmentUrl]: emulator.url.replace(/\/$/, ''),
          [C.Cloud]: Cloud.Global,
          [C.AppId]: appid,
          [C.BindingToken]: bindingToken,
          [C.AgreementAccepted]: true,
        },
      });
      await waitForStatus(api, String(signedServiceId), ConnectionStatus.Connected);
      return { signedServiceId: String(signedServiceId) };
    },
    close: () => emulator.close(),
  };
}

async function waitForStatus(api: DynamicsWebApi, id: string, wanted: number, timeoutMs = 30_000): Promise<void> {
  const C = SignedService.columns;
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | undefined;
  while (Date.now() < deadline) {
    last = (await api.retrieve({ collection: SignedService.entitySetName, key: id, select: [C.ConnectionStatus, C.StatusReasonEn] })) as Record<
      string,
      unknown
    >;
    if (last[C.ConnectionStatus] === wanted) return;
    if (last[C.ConnectionStatus] === ConnectionStatus.Failed)
      throw new Error(`the relay could not connect the demo Signed Service: ${String(last[C.StatusReasonEn])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the demo Signed Service did not connect within ${timeoutMs / 1000} s (status ${String(last?.[C.ConnectionStatus])})`);
}

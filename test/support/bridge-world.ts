/**
 * A small world for bridge tests: the WeChat simulator, two customer orgs (Dataverse emulators; org A's fake
 * Azure AD is the directory for both), and one relay process (`npm start` with settings) between them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicsWebApi } from 'dynamics-web-api';
import { Cloud, SignedService } from '@wxm/solution/schema';
import { registerWebhooks } from '../../solution/webhooks/registration.js';
import { WebhookKeys } from '../../functions/src/relay/webhook/webhook-key.js';
import { authorizeThroughBrowser, type AuthorizationOutcome } from '../../scripts/local/authorize-flow.js';
import { startDataverseEmulator, type DataverseEmulator } from '../emulators/dataverse/index.js';
import { startWechatSimulator, type SimAccountInit, type WechatSimulator } from '../emulators/wechat/index.js';
import { startAzurite } from '../../scripts/azurite.js';
import { freePort, startRelayProcess, type RelayProcess } from './relay-process.js';
import { newComponent } from './relay-instances.js';

export interface Org {
  emulator: DataverseEmulator;
  admin: DynamicsWebApi;
  /** The application user handed to the relay, with the Relay role and the Relay Secrets profile as shipped. */
  app: { tenantId: string; clientId: string; clientSecret: string };
  environmentUrl: string;
  /** A full-privilege admin's access token for this org (what the admin's browser session stands for). */
  adminToken: string;
}

export interface BridgeWorldOptions {
  /**
   * Per org: an origin that fronts it, as the org's own origin serves both web resources and the Web API
   * (a harness that serves Start To Use and forwards /api/data to the emulator). It becomes the org's
   * environment URL and a token audience the emulator accepts.
   */
  orgFronts?: [string | undefined, string | undefined];
}

export interface BridgeWorld {
  sim: WechatSimulator;
  storageConnectionString: string;
  relay: RelayProcess;
  orgs: [Org, Org];
  functionKey: string;
  /** The webhook key of one org (what `npm run register-webhooks` derives and registers there). */
  webhookKey(organizationId: string): string;
  component: ReturnType<typeof newComponent>;
  /** Authorizes an account through the browser flow from Start To Use in `org` (default org A); returns its binding token (for that org). */
  authorize(account: SimAccountInit, org?: Org): Promise<string>;
  /** The same, from Start To Use opened inside an org: returns the whole outcome. */
  authorizeFrom(account: SimAccountInit, orgUrl: string): Promise<AuthorizationOutcome>;
  /** Kills the relay (SIGKILL) and starts it again on the same port and storage. */
  restartRelay(): Promise<void>;
  /** Creates a Signed Service row as an admin would. */
  createSignedService(org: Org, fields: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const accountA: SimAccountInit = { appid: 'wx00000000000000a1', originalId: 'gh_0000000000a1', nickName: '甲公司 A', serviceType: 2, verifyType: 0 };
export const accountB: SimAccountInit = { appid: 'wx00000000000000b2', originalId: 'gh_0000000000b2', nickName: '乙公司 B', serviceType: 2, verifyType: 0 };
export const accountC: SimAccountInit = { appid: 'wx00000000000000c3', originalId: 'gh_0000000000c3', nickName: '丙号 C', serviceType: 0, verifyType: -1 };

async function startOrg(name: string, tenantId: string, front?: string): Promise<Org> {
  const app = { tenantId, clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
  const admin = { clientId: randomUUID(), tenantId, name: 'Admin', privileges: 'all' as const };
  const emulator = await startDataverseEmulator({
    org: { tenantId, name, ...(front && { audiences: [front] }) },
    // The relay's application user holds exactly what an admin gives it: the shipped Relay role and the Relay
    // Secrets field security profile, enforced by the emulator with depth, Append/AppendTo and field security.
    applicationUsers: [
      { ...app, name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'], fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'] },
      admin,
    ],
  });
  const token = emulator.issueToken({ clientId: admin.clientId, lifetimeSeconds: 3600 });
  return {
    emulator,
    app,
    environmentUrl: front ?? emulator.url.replace(/\/$/, ''),
    adminToken: token,
    admin: new DynamicsWebApi({ serverUrl: emulator.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => token }),
  };
}

export async function startBridgeWorld(options: BridgeWorldOptions = {}): Promise<BridgeWorld> {
  const component = newComponent();
  const functionKey = randomBytes(24).toString('base64url');
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const orgs: [Org, Org] = [await startOrg('contoso', tenantA, options.orgFronts?.[0]), await startOrg('fabrikam', tenantB, options.orgFronts?.[1])];
  // A storage account of its own: a relay process uses production names (no test prefix) for its queues.
  const azurite = await startAzurite({ inMemory: true });
  // The relay's port is chosen last, just before the simulator that must know it: a port probed free and then left
  // unused while Azurite and the orgs picked theirs was once taken by one of them (EADDRINUSE on a busy CI run).
  const relayPort = await freePort();
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const sim = await startWechatSimulator({ component, relayUrl, accounts: [accountA, accountB, accountC] });
  // One directory serves both tenants: org B's application is known to org A's fake Azure AD too.
  orgs[0].emulator.addAadApplication({ clientId: orgs[1].app.clientId, tenantId: tenantB, clientSecret: orgs[1].app.clientSecret });
  const relaySecretKey = randomBytes(32);
  const keys = new WebhookKeys(relaySecretKey);
  const env = {
    PORT: String(relayPort),
    // Every browser and attacker of this world is 127.0.0.1: one client to the rate limits.
    RELAY_RATE_LIMIT_SCALE: '50',
    WECHAT_COMPONENT_APPID: component.appid,
    WECHAT_COMPONENT_APPSECRET: component.appsecret,
    WECHAT_COMPONENT_TOKEN: component.token,
    WECHAT_COMPONENT_AES_KEY: component.encodingAesKey,
    WECHAT_API_BASE: sim.url,
    WECHAT_MP_BASE: sim.url,
    RELAY_PUBLIC_URL: relayUrl,
    AzureWebJobsStorage: azurite.connectionString,
    RELAY_SECRET_KEY: relaySecretKey.toString('base64'),
    RELAY_FUNCTION_KEY: functionKey,
    DATAVERSE_LOGIN_BASE: orgs[0].emulator.loginBase,
    // The orgs run on loopback: their origins (and fronts) are allowed by name, as the sandbox does.
    DATAVERSE_ALLOWED_ORIGINS: [...new Set(orgs.flatMap((o) => [new URL(o.emulator.url).origin, new URL(o.environmentUrl).origin]))].join(','),
    RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'wxm-bridge-')),
    // After a kill, messages the dead process held reappear after this (Azure: the host's visibility timeout).
    DEVHOST_QUEUE_VISIBILITY_SECONDS: '4',
  };
  let relay = await startRelayProcess(env);
  // Each org's service endpoint carries that org's own key (x-wxm-webhook-key), as register-webhooks sets it up.
  for (const org of orgs) await registerWebhooks(org.admin, { relayUrl, webhookKey: keys.keyFor(org.emulator.organizationId) });
  const ticket = await sim.pushTicket();
  if (ticket.status !== 200) throw new Error(`ticket push answered ${ticket.status}`);

  return {
    sim,
    storageConnectionString: azurite.connectionString,
    get relay() {
      return relay;
    },
    async restartRelay() {
      await relay.kill();
      relay = await startRelayProcess(env);
    },
    orgs,
    functionKey,
    webhookKey: (organizationId) => keys.keyFor(organizationId),
    component,
    async authorize(account, org = orgs[0]) {
      const outcome = await authorizeThroughBrowser({ relayUrl, appid: account.appid, originalId: account.originalId, orgUrl: org.environmentUrl });
      return outcome.bindingToken;
    },
    authorizeFrom: (account, orgUrl) => authorizeThroughBrowser({ relayUrl, appid: account.appid, originalId: account.originalId, orgUrl }),
    async createSignedService(org, fields) {
      const C = SignedService.columns;
      return String(
        await org.admin.create({
          collection: SignedService.entitySetName,
          data: {
            [C.Name]: 'Signed service',
            [C.TenantId]: org.app.tenantId,
            [C.ClientId]: org.app.clientId,
            [C.ClientSecret]: org.app.clientSecret,
            [C.EnvironmentUrl]: org.environmentUrl,
            [C.Cloud]: Cloud.Global,
            [C.AgreementAccepted]: true,
            ...fields,
          },
        }),
      );
    },
    async close() {
      await relay.stop();
      await sim.close();
      for (const org of orgs) await org.emulator.close();
      await azurite.stop();
    },
  };
}

/**
 * The relay as two real processes (`npm start` with settings, on the local Functions host) behind a round-robin
 * balancer, sharing one Azurite, with the WeChat simulator as WeChat and one customer org (the Dataverse emulator)
 * bound to the demo account:
 * - the same delivery three times, spread over both instances, is stored once in Dataverse (each instance may
 *   queue its own copy: there is no shared ledger; the message row's create-only alternate key absorbs the
 *   second copy, relay/callbacks/ingest-group.ts);
 * - the 全网发布 release test passes for all five test account groups;
 * - after an account revokes, its messages are acknowledged and nothing is queued, parked or written (by the instance that received
 *   the revocation at once, by the others once their 30-second copy of the authorizer record expires);
 * - no secret, token or AES key appears in any log line of the whole run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamicsWebApi } from 'dynamics-web-api';
import { Cloud, ConnectionStatus, Message, SignedService } from '@wxm/solution/schema';
import { registerWebhooks } from '../../solution/webhooks/registration.js';
import { WebhookKeys } from '../../functions/src/relay/webhook/webhook-key.js';
import { startDataverseEmulator, type DataverseEmulator } from '../emulators/dataverse/index.js';
import { createAzureStorage } from '../../functions/src/storage/azure/create-azure-storage.js';
import { queueServiceClient } from '../../functions/src/storage/azure/connection.js';
import { TableParkedDeliveries } from '../../functions/src/storage/azure/table-parked-deliveries.js';
import { AesGcmSecretBox } from '../../functions/src/storage/secret-box.js';
import { authorizeThroughBrowser, type AuthorizationOutcome } from '../../scripts/local/authorize-flow.js';
import { ComponentMessageCrypt, RELEASE_TEST_OA_APPIDS, startWechatSimulator, type WechatSimulator } from '../emulators/wechat/index.js';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite.js';
import { freePort, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { newComponent } from '../support/relay-instances.js';
import { eventually } from '../support/eventually.js';

const DEMO = { appid: 'wx0123456789abcdef', originalId: 'gh_aabbccddeeff', nickName: '演示号', serviceType: 2, verifyType: 0 };
const component = newComponent();
const secretKeyBytes = randomBytes(32);
const secretKey = secretKeyBytes.toString('base64');
const functionKey = randomBytes(24).toString('base64url');
let sim: WechatSimulator;
let azurite: RunningAzurite;
/** This file's own storage account: relay processes use production queue names. */
const azuriteConnectionString = () => azurite.connectionString;
let relays: RelayProcess[] = [];
let balancer: Server;
let lbUrl: string;
let outcome: AuthorizationOutcome;
let dataverse: DataverseEmulator;
let admin: DynamicsWebApi;
const app = { tenantId: randomUUID(), clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
const handledBy: string[] = [];

/** Forwards each request to the next instance in turn, as a load balancer in front of a scaled-out app. */
function startBalancer(port: number): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = relays[next++ % relays.length]!;
    handledBy.push(target.url);
    const upstream = httpRequest(`${target.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/**
 * Everything stored for the demo account: still on the queue, or already taken by the delivery worker and
 * parked (this test binds no Signed Service, so nothing can reach a Dataverse).
 */
async function inboundMessages(): Promise<Array<{ dedupeKey: string; xml: string }>> {
  const queue = queueServiceClient(azuriteConnectionString()).getQueueClient('wechat-inbound');
  type Envelope = { dedupeKey: string; xml: string };
  // A queue message is one envelope (v1) or a group's batch of them (v2, group-commit ingest).
  const queued = (await queue.exists())
    ? (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.flatMap((m) => {
        const message = JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as Envelope | { v: 2; envelopes: Envelope[] };
        return 'envelopes' in message ? message.envelopes : [message];
      })
    : [];
  const parked = await (await TableParkedDeliveries.open(azuriteConnectionString())).peek(DEMO.appid);
  return [...queued, ...parked];
}

/** The demo account's wxm_message rows in the customer's Dataverse. */
async function dataverseMessages(): Promise<Array<Record<string, unknown>>> {
  const M = Message.columns;
  return (await admin.retrieveMultiple({ collection: Message.entitySetName, select: [M.Content, M.WeChatMsgId] })).value as Array<Record<string, unknown>>;
}

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true });
  const lbPort = await freePort();
  lbUrl = `http://127.0.0.1:${lbPort}`;
  sim = await startWechatSimulator({ component, relayUrl: lbUrl, accounts: [DEMO] });
  const adminUser = { clientId: randomUUID(), tenantId: app.tenantId, name: 'Admin', privileges: 'all' as const };
  dataverse = await startDataverseEmulator({
    org: { tenantId: app.tenantId, name: 'contoso' },
    applicationUsers: [
      { ...app, name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'], fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'] },
      adminUser,
    ],
  });
  const adminToken = dataverse.issueToken({ clientId: adminUser.clientId, lifetimeSeconds: 3600 });
  admin = new DynamicsWebApi({ serverUrl: dataverse.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => adminToken });
  const env = {
    WECHAT_COMPONENT_APPID: component.appid,
    WECHAT_COMPONENT_APPSECRET: component.appsecret,
    WECHAT_COMPONENT_TOKEN: component.token,
    WECHAT_COMPONENT_AES_KEY: component.encodingAesKey,
    WECHAT_API_BASE: sim.url,
    WECHAT_MP_BASE: sim.url,
    RELAY_PUBLIC_URL: lbUrl,
    AzureWebJobsStorage: azuriteConnectionString(),
    RELAY_SECRET_KEY: secretKey,
    RELAY_FUNCTION_KEY: functionKey,
    RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'wxm-relay-')),
    DATAVERSE_LOGIN_BASE: dataverse.loginBase,
    DATAVERSE_ALLOWED_ORIGINS: new URL(dataverse.url).origin,
  };
  relays = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
  balancer = await startBalancer(lbPort);
  await registerWebhooks(admin, { relayUrl: lbUrl, webhookKey: new WebhookKeys(secretKeyBytes).keyFor(dataverse.organizationId) });
  expect((await sim.pushTicket()).status).toBe(200);
  const environmentUrl = dataverse.url.replace(/\/$/, '');
  outcome = await authorizeThroughBrowser({ relayUrl: lbUrl, appid: DEMO.appid, originalId: DEMO.originalId, orgUrl: environmentUrl });
  // Bound as an admin binds it: a Signed Service row with the binding token, connected by the relay.
  const S = SignedService.columns;
  const signed = String(
    await admin.create({
      collection: SignedService.entitySetName,
      data: {
        [S.Name]: 'Signed service',
        [S.TenantId]: app.tenantId,
        [S.ClientId]: app.clientId,
        [S.ClientSecret]: app.clientSecret,
        [S.EnvironmentUrl]: environmentUrl,
        [S.Cloud]: Cloud.Global,
        [S.AgreementAccepted]: true,
        [S.AppId]: DEMO.appid,
        [S.BindingToken]: outcome.bindingToken,
      },
    }),
  );
  await eventually(async () => {
    const row = (await admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect(row[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  }, 30_000);
}, 120_000);

afterAll(async () => {
  balancer?.close();
  await Promise.all(relays.map((r) => r.stop()));
  await sim?.close();
  await dataverse?.close();
  await azurite?.stop();
});

describe('two relay processes sharing one storage account', () => {
  it('authorized the demo account through the browser flow', () => {
    expect(outcome).toMatchObject({ appid: DEMO.appid, originalId: DEMO.originalId });
    expect(outcome.bindingToken).toMatch(/^wxb_/);
    expect(outcome.serverAddress).toBe(`${lbUrl}/api/wechat/accounts/${DEMO.appid}/callback`);
  });

  it('stores a delivery once in Dataverse when WeChat retries it across both instances', async () => {
    const before = handledBy.length;
    const results = await sim.push({
      appid: DEMO.appid,
      openid: 'oFollowerA0000000000000000001',
      msgType: 'text',
      content: '你好 👋',
      msgId: '9007199254740993123',
      repeat: 3,
    });
    expect(results.map((r) => [r.status, r.body])).toEqual([
      [200, 'success'],
      [200, 'success'],
      [200, 'success'],
    ]);
    expect(new Set(handledBy.slice(before)).size).toBe(2);
    // Every copy either instance queued is delivered (nothing left on the queue or parked), then: one row.
    await eventually(async () => {
      expect((await inboundMessages()).filter((m) => m.dedupeKey.endsWith('|9007199254740993123'))).toEqual([]);
      expect(relays.some((r) => r.lines.some((l) => l.includes('delivered to Dataverse')))).toBe(true);
    }, 30_000);
    // Each instance queued its own copy; delivery found the row the first copy wrote and wrote nothing.
    // (a v1 message logs "already delivered"; a batch counts it in its one line)
    const foundWritten = (l: string) => l.includes('already delivered; nothing written') || /delivered to Dataverse .*"duplicate":[1-9]/.test(l);
    await eventually(async () => expect(relays.some((r) => r.lines.some(foundWritten))).toBe(true), 30_000);
    const stored = (await dataverseMessages()).filter((m) => m[Message.columns.WeChatMsgId] === '9007199254740993123');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.[Message.columns.Content]).toBe('你好 👋');
  });

  it.each([...RELEASE_TEST_OA_APPIDS])(
    'passes the full-network release test for %s',
    async (appid) => {
      const report = await sim.runReleaseTest({ appid, timeoutMs: 20_000 });
      expect(report.cases.filter((c) => !c.passed)).toEqual([]);
      expect(report.passed).toBe(true);
    },
    30_000,
  );

  it('acknowledges but stores nothing for an account that revoked the platform', async () => {
    expect((await sim.unauthorize(DEMO.appid)).status).toBe(200);
    const crypt = new ComponentMessageCrypt(component.token, component.encodingAesKey, component.appid);
    const xml = `<xml><ToUserName><![CDATA[${DEMO.originalId}]]></ToUserName><FromUserName><![CDATA[oFollowerA0000000000000000001]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[after revoke]]></Content><MsgId>42</MsgId></xml>`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '123456';
    const { encrypt, msgSignature } = crypt.seal(xml, timestamp, nonce);
    // Each instance keeps authorizer records for 30 s (relay/callbacks/authorizer-cache.ts) and drops one at once
    // when it receives the revocation itself; the other instance learns it when its copy expires. So the push
    // goes to the instance that received the revocation.
    const revokedAt = await eventually(async () => {
      const found = relays.find((r) => r.lines.some((l) => l.includes('account revoked the authorization') && l.includes(DEMO.appid)));
      if (!found) throw new Error('no instance logged the revocation');
      return found;
    });
    const res = await fetch(
      `${revokedAt.url}/api/wechat/accounts/${DEMO.appid}/callback?timestamp=${timestamp}&nonce=${nonce}&encrypt_type=aes&msg_signature=${msgSignature}`,
      {
        method: 'POST',
        body: `<xml><ToUserName><![CDATA[${DEMO.originalId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
      },
    );
    expect([res.status, await res.text()]).toEqual([200, 'success']);
    expect((await inboundMessages()).some((m) => m.xml.includes('after revoke'))).toBe(false);
    expect((await dataverseMessages()).some((m) => m[Message.columns.Content] === 'after revoke')).toBe(false);
    expect(revokedAt.lines.some((l) => l.includes('not authorized was dropped') && l.includes(DEMO.appid))).toBe(true);
  });

  it('never logs a secret, token, ticket or AES key', async () => {
    const storage = await createAzureStorage(azuriteConnectionString(), { secretBox: new AesGcmSecretBox(secretKey) });
    const stored = await Promise.all([
      storage.tokens.get(`component:${component.appid}`),
      ...[DEMO.appid, ...RELEASE_TEST_OA_APPIDS].map((a) => storage.tokens.get(`authorizer:${a}`)),
    ]);
    const refreshTokens = await Promise.all([DEMO.appid, ...RELEASE_TEST_OA_APPIDS].map((a) => storage.refreshTokens.get(a)));
    const secrets = [
      component.appsecret,
      component.token,
      component.encodingAesKey,
      secretKey,
      functionKey,
      outcome.bindingToken,
      sim.latestTicket(),
      ...stored.map((t) => t?.value),
      ...refreshTokens,
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThan(8);
    const lines = relays.flatMap((r) => r.lines);
    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.filter((line) => secrets.some((s) => line.includes(s)));
    expect(leaks).toEqual([]);
  });
});

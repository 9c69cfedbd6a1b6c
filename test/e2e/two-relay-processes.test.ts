/**
 * The relay as two real processes (`npm start` with settings, on the local Functions host) behind a round-robin
 * balancer, sharing one Azurite, with the WeChat simulator as WeChat:
 * - the same delivery three times, spread over both instances, is queued once;
 * - the 全网发布 release test passes for all five test account groups;
 * - after an account revokes, its messages are acknowledged and nothing is stored (by the instance that received
 *   the revocation at once, by the others once their 30-second copy of the authorizer record expires);
 * - no secret, token or AES key appears in any log line of the whole run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const secretKey = randomBytes(32).toString('base64');
const functionKey = randomBytes(24).toString('base64url');
let sim: WechatSimulator;
let azurite: RunningAzurite;
/** This file's own storage account: relay processes use production queue names. */
const azuriteConnectionString = () => azurite.connectionString;
let relays: RelayProcess[] = [];
let balancer: Server;
let lbUrl: string;
let outcome: AuthorizationOutcome;
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

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true });
  const lbPort = await freePort();
  lbUrl = `http://127.0.0.1:${lbPort}`;
  sim = await startWechatSimulator({ component, relayUrl: lbUrl, accounts: [DEMO] });
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
  };
  relays = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
  balancer = await startBalancer(lbPort);
  expect((await sim.pushTicket()).status).toBe(200);
  outcome = await authorizeThroughBrowser({ relayUrl: lbUrl, appid: DEMO.appid, originalId: DEMO.originalId });
}, 90_000);

afterAll(async () => {
  balancer?.close();
  await Promise.all(relays.map((r) => r.stop()));
  await sim?.close();
  await azurite?.stop();
});

describe('two relay processes sharing one storage account', () => {
  it('authorized the demo account through the browser flow', () => {
    expect(outcome).toMatchObject({ appid: DEMO.appid, originalId: DEMO.originalId });
    expect(outcome.bindingToken).toMatch(/^wxb_/);
    expect(outcome.serverAddress).toBe(`${lbUrl}/api/wechat/accounts/${DEMO.appid}/callback`);
  });

  it('queues a delivery once when WeChat retries it across both instances', async () => {
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
    // A message being delivered right now is neither on the queue nor parked: wait for it to settle.
    const queued = await eventually(async () => {
      const found = (await inboundMessages()).filter((m) => m.dedupeKey.endsWith('|9007199254740993123'));
      expect(found).toHaveLength(1);
      return found;
    });
    expect(queued[0]?.xml).toContain('<![CDATA[你好 👋]]>');
    expect(queued[0]?.xml).toContain('9007199254740993123');
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

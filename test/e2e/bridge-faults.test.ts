/**
 * Issue 4's bad input and faults, end to end (simulator → relay process → Dataverse emulator): an application
 * user without the role, a 429 storm, the relay killed mid-batch, forged hints, characters that need four
 * UTF-8 bytes in long texts, and a message type nobody knows yet.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ComponentMessageCrypt } from '../emulators/wechat/index.js';
import { ConnectionStatus, DeliveryStatus, Direction, Follower, Message, MessageType, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../support/bridge-world.js';
import { eventually } from '../support/eventually.js';

const S = SignedService.columns;
const M = Message.columns;
let world: BridgeWorld;
let orgA: Org;
let orgB: Org;
const FOLLOWER = 'oFaultFollower00000000000001';

beforeAll(async () => {
  world = await startBridgeWorld();
  [orgA, orgB] = world.orgs;
  const token = await world.authorize(accountA);
  const id = await world.createSignedService(orgA, { [S.AppId]: accountA.appid, [S.BindingToken]: token });
  await eventually(async () => {
    const row = (await orgA.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
    expect(row[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
}, 120_000);
afterAll(() => world?.close());

const rows = async (org: Org, filter?: string) =>
  (
    await org.admin.retrieveMultiple({
      collection: Message.entitySetName,
      select: [M.Content, M.WeChatMsgId, M.MessageType, M.RawXml, M.DeliveryStatus],
      ...(filter && { filter }),
    })
  ).value as Record<string, unknown>[];

async function say(content: string, msgId: string, openid = FOLLOWER): Promise<void> {
  const [r] = await world.sim.push({ appid: accountA.appid, openid, msgType: 'text', content, msgId });
  expect([r?.status, r?.body]).toEqual([200, 'success']);
}

/** A hint posted with the key of the org it names (an attacker holding that org's key). */
async function hint(context: Record<string, unknown>): Promise<number> {
  const key = world.webhookKey(String(context.OrganizationId));
  const res = await fetch(`${world.relay.url}/api/dataverse/webhook`, { method: 'POST', headers: { 'x-wxm-webhook-key': key }, body: JSON.stringify(context) });
  return res.status;
}

it('explains an application user that lacks the Wechat Marketing Relay role', async () => {
  const clientId = randomUUID();
  orgA.emulator.addApplicationUser({ clientId, tenantId: orgA.app.tenantId, clientSecret: 'role-less-secret', name: 'No role', privileges: [] });
  const id = await world.createSignedService(orgA, {
    [S.AppId]: accountA.appid,
    [S.BindingToken]: 'x',
    [S.ClientId]: clientId,
    [S.ClientSecret]: 'role-less-secret',
  });
  const status = await eventually(async () => {
    const res = await fetch(`${world.relay.url}/api/signed-services/${orgA.emulator.organizationId}/${id}/status`);
    expect(res.status).toBe(200);
    return (await res.json()) as { state: string; reason: string; en: string };
  });
  expect(status).toMatchObject({ state: 'failed', reason: 'role-missing' });
  expect(status.en).toContain('Wechat Marketing Relay');
});

it('keeps every character of a 2,000-character text with emoji and other 4-byte characters, both ways', async () => {
  const unit = '你好👋𠀀🇨🇳';
  const long = unit.repeat(Math.ceil(2000 / unit.length)).slice(0, 2000);
  await say(long, '7100000000000000001');
  const [row] = await eventually(async () => {
    const found = await rows(orgA, `${M.WeChatMsgId} eq '7100000000000000001'`);
    expect(found).toHaveLength(1);
    return found;
  });
  expect(row?.[M.Content]).toBe(long);

  const account = (
    (await orgA.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, select: [OfficialAccount.columns.Id] })).value as Record<string, unknown>[]
  )[0];
  const follower = (
    (
      await orgA.admin.retrieveMultiple({
        collection: Follower.entitySetName,
        select: [Follower.columns.Id],
        filter: `${Follower.columns.OpenId} eq '${FOLLOWER}'`,
      })
    ).value as Record<string, unknown>[]
  )[0];
  const replyText = '收到 𠀀𠀁 🙏🏽 ✅';
  const id = String(
    await orgA.admin.create({
      collection: Message.entitySetName,
      data: {
        [M.Name]: 'reply',
        [M.Direction]: Direction.Outbound,
        [M.MessageType]: MessageType.Text,
        [M.Content]: replyText,
        [M.DeliveryStatus]: DeliveryStatus.Pending,
        [M.WeChatMsgId]: 'out:faults-1',
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${String(account?.[OfficialAccount.columns.Id])})`,
        [`${Message.navigation.FollowerId}@odata.bind`]: `/${Follower.entitySetName}(${String(follower?.[Follower.columns.Id])})`,
      },
    }),
  );
  await eventually(async () => {
    const r = (await orgA.admin.retrieve({ collection: Message.entitySetName, key: id })) as Record<string, unknown>;
    expect(r[M.DeliveryStatus]).toBe(DeliveryStatus.Sent);
  });
  expect(world.sim.sent(accountA.appid).map((s) => (s.body as { text?: { content?: string } }).text?.content)).toContain(replyText);
});

it('stores a message type it does not know with its raw XML', async () => {
  const crypt = new ComponentMessageCrypt(world.component.token, world.component.encodingAesKey, world.component.appid);
  const xml = `<xml><ToUserName><![CDATA[${accountA.originalId}]]></ToUserName><FromUserName><![CDATA[${FOLLOWER}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[hologram]]></MsgType><Projection><![CDATA[🛸 3D]]></Projection><MsgId>7100000000000000002</MsgId></xml>`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const { encrypt, msgSignature } = crypt.seal(xml, timestamp, '4242');
  const res = await fetch(
    `${world.relay.url}/api/wechat/accounts/${accountA.appid}/callback?timestamp=${timestamp}&nonce=4242&encrypt_type=aes&msg_signature=${msgSignature}`,
    {
      method: 'POST',
      body: `<xml><ToUserName><![CDATA[${accountA.originalId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    },
  );
  expect([res.status, await res.text()]).toEqual([200, 'success']);
  const [row] = await eventually(async () => {
    const found = await rows(orgA, `${M.WeChatMsgId} eq '7100000000000000002'`);
    expect(found).toHaveLength(1);
    return found;
  });
  expect(row?.[M.MessageType]).toBe(MessageType.Unknown);
  expect(String(row?.[M.RawXml])).toContain('<Projection><![CDATA[🛸 3D]]></Projection>');
});

it('sends nothing for forged hints: a row that does not exist, or a row of another org', async () => {
  const before = world.sim.sent().length;
  const context = (organizationId: string, rowId: string) => ({
    MessageName: 'Create',
    PrimaryEntityName: 'wxm_message',
    PrimaryEntityId: rowId,
    OrganizationId: organizationId,
    InputParameters: [
      {
        key: 'Target',
        value: {
          Attributes: [
            { key: M.Content, value: 'forged' },
            { key: M.Direction, value: { Value: Direction.Outbound } },
          ],
        },
      },
    ],
  });
  expect(await hint(context(orgA.emulator.organizationId, randomUUID()))).toBe(202);
  // A pending outbound row that lives in org B, claimed to be in org A (whose credentials the relay holds).
  const foreign = orgB.emulator.insert(Message.entitySetName, {
    [M.Name]: 'foreign',
    [M.Direction]: Direction.Outbound,
    [M.MessageType]: MessageType.Text,
    [M.Content]: 'forged reply',
    [M.DeliveryStatus]: DeliveryStatus.Pending,
    [M.WeChatMsgId]: 'out:foreign',
  });
  expect(await hint(context(orgA.emulator.organizationId, foreign))).toBe(202);
  expect(await hint(context(orgB.emulator.organizationId, foreign))).toBe(202);
  await new Promise((r) => setTimeout(r, 1500));
  expect(world.sim.sent().length).toBe(before);
  expect(orgB.emulator.rows(Message.entitySetName).find((r) => r[M.WeChatMsgId] === 'out:foreign')?.[M.DeliveryStatus]).toBe(DeliveryStatus.Pending);
});

it('delivers every row through a 429 storm, honouring Retry-After and staying under the concurrency cap', async () => {
  // 3 requests per second: the relay fills $batch requests (30 messages of 6 followers take about a dozen), so a storm
  // needs a limit that tight to be a storm at all.
  orgA.emulator.setLimits({ requestsPerWindow: 3, windowMs: 1000, maxConcurrent: 4 });
  const start = Date.now();
  await Promise.all(
    Array.from({ length: 30 }, (_, i) => say(`storm ${i} 🌩️`, String(7200000000000000000n + BigInt(i)), `oStorm${String(i % 6).padStart(22, '0')}`)),
  );
  await eventually(async () => expect(await rows(orgA, `startswith(${M.Content},'storm ')`)).toHaveLength(30), 60_000, 500);
  orgA.emulator.setLimits({ requestsPerWindow: 6000, windowMs: 300_000, maxConcurrent: 52 });
  const log = orgA.emulator.requestLog().filter((e) => e.at >= start && e.clientId === orgA.app.clientId);
  const throttled = log.filter((e) => e.status === 429);
  console.log(`429 storm: ${log.length} requests, ${throttled.length} answered 429, peak concurrency ${orgA.emulator.peakConcurrency(orgA.app.clientId)}`);
  expect(throttled.length).toBeGreaterThan(0);
  expect(orgA.emulator.peakConcurrency(orgA.app.clientId)).toBeLessThanOrEqual(8);
  // After a 429 the relay pauses the org until Retry-After (here about 1 s): no new request soon after one.
  for (const refused of throttled) {
    const tooSoon = log.filter((e) => e.at > refused.at + 150 && e.at < refused.at + 700);
    expect(tooSoon, `requests within 150–700 ms after the 429 at ${refused.at}`).toEqual([]);
  }
}, 90_000);

it('loses nothing and duplicates nothing when the relay is killed in the middle of a batch', async () => {
  orgA.emulator.setLatency(300);
  const ids = Array.from({ length: 24 }, (_, i) => String(7300000000000000000n + BigInt(i)));
  await Promise.all(ids.map((id, i) => say(`crash ${i}`, id, `oCrash${String(i % 12).padStart(22, '0')}`)));
  // Kill as soon as the first rows are in: the rest are mid-flight (read, batched, or not yet taken).
  const before = (
    await eventually(
      async () => {
        const found = await rows(orgA, `startswith(${M.Content},'crash ')`);
        expect(found.length).toBeGreaterThan(0);
        return found;
      },
      30_000,
      50,
    )
  ).length;
  await world.restartRelay();
  orgA.emulator.setLatency(0);
  const after = await eventually(
    async () => {
      const found = await rows(orgA, `startswith(${M.Content},'crash ')`);
      expect(found).toHaveLength(24);
      return found;
    },
    60_000,
    500,
  );
  console.log(`killed with ${before} of 24 rows written; after restart: ${after.length}`);
  expect(before).toBeLessThan(24);
  expect(new Set(after.map((r) => r[M.WeChatMsgId])).size).toBe(24);
}, 90_000);

/**
 * The README's quick start: `npm start` with nothing configured is the sandbox. It starts its own Azurite, the
 * WeChat simulator and the Dataverse emulator, authorizes the demo account through the real flow, connects the
 * demo Signed Service, writes sandbox.json and prints the steps. Following them: a follower's message becomes
 * a row, and an outbound row becomes a message at the simulator and turns Sent.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeliveryStatus, Direction, Follower, Message, MessageType, OfficialAccount } from '@wxm/solution/schema';
import { freePort, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { eventually } from '../support/eventually.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wxm-sandbox-'));
let relay: RelayProcess;
let sandbox: {
  relayUrl: string;
  wechatSimulatorUrl: string;
  dataverseUrl: string;
  dataverseToken: string;
  demoAccount: { appid: string; originalId: string; bindingToken: string };
  demoFollower: string;
  signedServiceId: string;
};
let api: DynamicsWebApi;
const M = Message.columns;

beforeAll(async () => {
  relay = await startRelayProcess(
    { RELAY_DATA_DIR: dataDir, WECHAT_SIMULATOR_PORT: String(await freePort()), DATAVERSE_EMULATOR_PORT: String(await freePort()) },
    /Sandbox ready/,
  );
  await relay.waitFor(/Authorize an account yourself/);
  sandbox = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8'));
  api = new DynamicsWebApi({ serverUrl: sandbox.dataverseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => sandbox.dataverseToken });
}, 90_000);

afterAll(async () => {
  expect(await relay?.stop()).toBe(0);
});

const push = (body: object) =>
  fetch(`${sandbox.wechatSimulatorUrl}/sim/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    (r) => r.json() as Promise<Array<{ status: number; body: string }>>,
  );
const messages = async () =>
  (await api.retrieveMultiple({ collection: Message.entitySetName, select: [M.Content, M.Direction, M.DeliveryStatus, M.WeChatMsgId] })).value as Record<
    string,
    unknown
  >[];

it('prints the relay URL and paste-able steps, and connected the demo Signed Service', () => {
  const output = relay.lines.join('\n');
  expect(output).toContain(`Relay listening on ${sandbox.relayUrl}`);
  expect(output).toContain(`curl -s -X POST ${sandbox.wechatSimulatorUrl}/sim/push`);
  expect(output).toContain('"content":"你好 👋"');
  expect(output).toContain('npm run sandbox:reply');
  expect(sandbox.demoAccount).toMatchObject({ appid: 'wx5a4dbeef00c0ffee', originalId: 'gh_0de305c0ffee' });
  expect(sandbox.signedServiceId).toMatch(/^[0-9a-f-]{36}$/);
});

it('a follower message becomes one row in Dataverse, however often WeChat retries it', async () => {
  const hello = { appid: sandbox.demoAccount.appid, openid: sandbox.demoFollower, msgType: 'text', content: '你好 👋' };
  expect((await push(hello)).map((r) => [r.status, r.body])).toEqual([[200, 'success']]);
  const retried = await push({ ...hello, content: 'again', msgId: '1000000000000000001', repeat: 3 });
  expect(retried.map((r) => r.status)).toEqual([200, 200, 200]);
  const rows = await eventually(async () => {
    const all = await messages();
    expect(all).toHaveLength(2);
    return all;
  });
  expect(rows.map((r) => r[M.Content]).sort()).toEqual(['again', '你好 👋']);
  expect(rows.every((r) => r[M.Direction] === Direction.Inbound && r[M.DeliveryStatus] === DeliveryStatus.Received)).toBe(true);
  expect(rows.find((r) => r[M.Content] === 'again')?.[M.WeChatMsgId]).toBe('1000000000000000001');
});

it('an outbound row becomes a message at the simulator and turns Sent', async () => {
  const account = (
    (await api.retrieveMultiple({ collection: OfficialAccount.entitySetName, select: [OfficialAccount.columns.Id] })).value as Record<string, unknown>[]
  )[0];
  const follower = (
    (await api.retrieveMultiple({ collection: Follower.entitySetName, select: [Follower.columns.Id, Follower.columns.OpenId] })).value as Record<
      string,
      unknown
    >[]
  )[0];
  expect(follower?.[Follower.columns.OpenId]).toBe(sandbox.demoFollower);
  const id = String(
    await api.create({
      collection: Message.entitySetName,
      data: {
        [M.Name]: 'reply',
        [M.Direction]: Direction.Outbound,
        [M.MessageType]: MessageType.Text,
        [M.Content]: '谢谢 🙏',
        [M.DeliveryStatus]: DeliveryStatus.Pending,
        [M.WeChatMsgId]: 'out:sandbox-test-1',
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${String(account?.[OfficialAccount.columns.Id])})`,
        [`${Message.navigation.FollowerId}@odata.bind`]: `/${Follower.entitySetName}(${String(follower?.[Follower.columns.Id])})`,
      },
    }),
  );
  await eventually(async () => {
    const row = (await api.retrieve({ collection: Message.entitySetName, key: id, select: [M.DeliveryStatus] })) as Record<string, unknown>;
    expect(row[M.DeliveryStatus]).toBe(DeliveryStatus.Sent);
  });
  const sent = (await (await fetch(`${sandbox.wechatSimulatorUrl}/sim/sent?appid=${sandbox.demoAccount.appid}`)).json()) as Array<{
    api: string;
    body: { touser: string; text?: { content: string } };
    errcode: number;
  }>;
  expect(sent.map((s) => [s.api, s.body.touser, s.body.text?.content, s.errcode])).toEqual([['message/custom/send', sandbox.demoFollower, '谢谢 🙏', 0]]);
});

/**
 * The README's template messages in the sandbox (`npm start`, nothing configured): the demo account holds three
 * templates in the simulator; stamping Sync templates on its row brings them into Dataverse through the registered
 * Update step; a wxm_templatemessage row made as Power Automate or the composer makes it is sent by the relay, and
 * WeChat's TEMPLATESENDJOBFINISH, pushed to the relay's callback, travels through delivery and the wechat-event task
 * to the row: Delivered. A follower who blocks template messages turns the next row Failed and is marked.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeliveryStatus, EntitySets, Follower, OfficialAccount, Template, TemplateMessage } from '@wxm/solution/schema';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite.js';
import { freePort, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { eventually } from '../support/eventually.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wxm-sandbox-templates-'));
const A = OfficialAccount.columns;
const M = TemplateMessage.columns;
let relay: RelayProcess;
/** Its own storage on free ports: a relay of another run on Azurite's usual ports must not share this one's queues. */
let azurite: RunningAzurite;
let api: DynamicsWebApi;
let sandbox: { dataverseUrl: string; dataverseToken: string; wechatSimulatorUrl: string; demoAccount: { appid: string }; demoFollower: string };

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true });
  relay = await startRelayProcess(
    {
      RELAY_DATA_DIR: dataDir,
      WECHAT_SIMULATOR_PORT: String(await freePort()),
      DATAVERSE_EMULATOR_PORT: String(await freePort()),
      AzureWebJobsStorage: azurite.connectionString,
    },
    /Sandbox ready/,
  );
  sandbox = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as typeof sandbox;
  api = new DynamicsWebApi({ serverUrl: sandbox.dataverseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => sandbox.dataverseToken });
}, 90_000);

afterAll(async () => {
  expect(await relay?.stop()).toBe(0);
  await azurite?.stop();
});

const sim = (path: string, body: unknown) =>
  fetch(`${sandbox.wechatSimulatorUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const messageRow = (id: string) => api.retrieve({ collection: TemplateMessage.entitySetName, key: id }) as Promise<Record<string, unknown>>;

it('Sync templates, a template message delivered, then failed:user block', { timeout: 180_000 }, async () => {
  const accounts = (
    await api.retrieveMultiple({ collection: OfficialAccount.entitySetName, filter: `${A.AppId} eq '${sandbox.demoAccount.appid}'`, select: [A.Id] })
  ).value as Record<string, unknown>[];
  const accountId = String(accounts[0]?.[A.Id]);
  await api.update({ collection: OfficialAccount.entitySetName, key: accountId, data: { [A.TemplateSyncRequestedOn]: new Date().toISOString() } });
  const templates = await eventually(
    async () => {
      const rows = (
        await api.retrieveMultiple({ collection: EntitySets.Template, select: [Template.columns.Id, Template.columns.Name, Template.columns.Fields] })
      ).value as Record<string, unknown>[];
      expect(rows).toHaveLength(3);
      return rows;
    },
    60_000,
    500,
  );
  const ticket = templates.find((t) => t[Template.columns.Name] === '服务工单处理结果通知')!;
  expect(JSON.parse(String(ticket[Template.columns.Fields])).map((f: { key: string }) => f.key)).toEqual(['character_string1', 'thing2', 'thing3', 'time4']);

  // The demo follower writes, so delivery makes its row.
  expect((await sim('/sim/push', { appid: sandbox.demoAccount.appid, openid: sandbox.demoFollower, msgType: 'text', content: '工单好了吗？' })).status).toBe(
    200,
  );
  const follower = await eventually(
    async () => {
      const rows = (
        await api.retrieveMultiple({
          collection: EntitySets.Follower,
          filter: `${Follower.columns.OpenId} eq '${sandbox.demoFollower}'`,
          select: [Follower.columns.Id],
        })
      ).value as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      return String(rows[0]![Follower.columns.Id]);
    },
    60_000,
    500,
  );
  const create = (name: string) =>
    api.create({
      collection: TemplateMessage.entitySetName,
      data: {
        [M.Name]: name,
        [`${TemplateMessage.navigation.TemplateId}@odata.bind`]: `/${EntitySets.Template}(${String(ticket[Template.columns.Id])})`,
        [`${TemplateMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
        [M.Values]: JSON.stringify({ character_string1: 'CAS-01234-A1B2C3', thing2: '发票无法下载', thing3: '已解决', time4: '2026-12-04 18:20' }),
        [M.Url]: `${sandbox.dataverseUrl}main.aspx?etn=incident&id=6f1c`,
      },
      returnRepresentation: true,
    }) as Promise<Record<string, unknown>>;

  const first = String((await create('CAS-01234 resolved'))[M.Id]);
  const delivered = await eventually(
    async () => {
      const row = await messageRow(first);
      expect(row[M.DeliveryStatus]).toBe(DeliveryStatus.Delivered);
      return row;
    },
    60_000,
    500,
  );
  expect(delivered).toMatchObject({ [M.SentReason]: 'success', [M.FailureReason]: null });
  expect(String(delivered[M.WechatMsgId])).toMatch(/^\d+$/);

  expect((await sim('/sim/templates/block', { appid: sandbox.demoAccount.appid, openid: sandbox.demoFollower, blocks: true })).status).toBe(200);
  const second = String((await create('CAS-01235 resolved'))[M.Id]);
  await eventually(
    async () => expect(await messageRow(second)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Failed, [M.SentReason]: 'failed:user block' }),
    60_000,
    500,
  );
  const blocked = (await api.retrieve({ collection: EntitySets.Follower, key: follower, select: [Follower.columns.TemplateBlocked] })) as Record<
    string,
    unknown
  >;
  expect(blocked[Follower.columns.TemplateBlocked]).toBe(true);
});

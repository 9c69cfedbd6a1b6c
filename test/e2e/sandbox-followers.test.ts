/**
 * The README's follower sync in the sandbox (`npm start`, nothing configured): the demo account has 1,000
 * followers in the simulator; stamping Sync followers on its row (what the form's action does) reaches the relay
 * through the registered Update step, the relay-tasks chain brings every follower into Dataverse once, and the
 * account row shows the sync completed with its counts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Follower, FollowerSyncState, OfficialAccount } from '@wxm/solution/schema';
import { freePort, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { eventually } from '../support/eventually.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wxm-sandbox-followers-'));
const A = OfficialAccount.columns;
let relay: RelayProcess;
let api: DynamicsWebApi;
let appid: string;

beforeAll(async () => {
  relay = await startRelayProcess(
    { RELAY_DATA_DIR: dataDir, WECHAT_SIMULATOR_PORT: String(await freePort()), DATAVERSE_EMULATOR_PORT: String(await freePort()) },
    /Sandbox ready/,
  );
  await relay.waitFor(/Sync the demo account's 1,000 followers/);
  const sandbox = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as {
    dataverseUrl: string;
    dataverseToken: string;
    demoAccount: { appid: string };
  };
  appid = sandbox.demoAccount.appid;
  api = new DynamicsWebApi({ serverUrl: sandbox.dataverseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => sandbox.dataverseToken });
}, 90_000);

afterAll(async () => {
  expect(await relay?.stop()).toBe(0);
});

it('Sync followers on the demo account brings its 1,000 followers into Dataverse and shows it on the row', { timeout: 180_000 }, async () => {
  const accounts = (await api.retrieveMultiple({ collection: OfficialAccount.entitySetName, filter: `${A.AppId} eq '${appid}'`, select: [A.Id] }))
    .value as Record<string, unknown>[];
  const accountId = String(accounts[0]?.[A.Id]);
  await api.update({ collection: OfficialAccount.entitySetName, key: accountId, data: { [A.SyncRequestedOn]: new Date().toISOString() } });
  const row = await eventually(
    async () => {
      const r = (await api.retrieve({ collection: OfficialAccount.entitySetName, key: accountId })) as Record<string, unknown>;
      expect(r[A.SyncState]).toBe(FollowerSyncState.Completed);
      return r;
    },
    150_000,
    1_000,
  );
  expect(row).toMatchObject({ [A.SyncedFollowers]: 1_000, [A.TotalFollowers]: 1_000, [A.SyncLastError]: null });
  const followers = (await api.retrieveAll({ collection: Follower.entitySetName, select: [Follower.columns.OpenId, Follower.columns.Subscribed] }))
    .value as Record<string, unknown>[];
  expect(followers).toHaveLength(1_000);
  expect(new Set(followers.map((f) => f[Follower.columns.OpenId])).size).toBe(1_000);
  expect(followers.every((f) => f[Follower.columns.Subscribed] === true)).toBe(true);
  expect(relay.lines.some((l) => l.includes('follower sync completed'))).toBe(true);
});

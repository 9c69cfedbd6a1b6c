/**
 * Daily follower figures from the WeChat simulator's data cube (follows from the generated roster, unfollows from
 * its recorded history, WeChat's span rules and quotas) into wxm_dailystat rows of the Dataverse emulator, through
 * the gateway's batched submit: first run, nothing twice, a missed week back-filled in ≤ 7-day spans, a re-fetch
 * that updates, the 08:00 Beijing readiness, and 45009 stopping without losing the checkpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyStat, EntitySets } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createDatacubeApi } from '../../wechat/official-account/datacube.js';
import { fetchDailyStats, lastFetchedDay, refetchDays, type FetchDailyDeps } from './fetch-daily.js';

const C = DailyStat.columns;
const BEIJING = 8 * 3600_000;
/** 2024-05-20 09:00 Beijing: 2024-05-19 is the latest ready day. */
const MAY_20_9AM = Date.parse('2024-05-20T09:00:00Z') - BEIJING;
let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let deps: FetchDailyDeps;

beforeEach(async () => {
  h = await startHarness();
  h.clock.t = MAY_20_9AM;
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  // 300 follows one second apart from 2024-05-13 23:58:20 Beijing: 100 on the 13th, 200 on the 14th.
  h.sim.generateFollowers(DEMO.appid, 300, { firstSubscribeTime: (Date.parse('2024-05-13T23:58:20Z') - BEIJING) / 1000 });
  h.sim.recordFollowerHistory(DEMO.appid, '2024-05-15', 30, { cancelUsers: 5 });
  deps = {
    datacube: createDatacubeApi(createWechatApiClient({ baseUrl: h.sim.url })),
    // A fresh authorizer token per call: the tests move the simulator's clock by days (tokens live 2 hours).
    token: { get: async () => (await authorizerTokens(h.sim)).accessToken, invalidate: async () => undefined },
    org: tenant.org,
    checkpoints: new MemoryKeyValueStore(new ManualClock(MAY_20_9AM)),
    now: () => h.clock.now(),
  };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const rows = () => tenant.dv.rows(EntitySets.DailyStat);
const row = (day: string, source: number) => rows().find((r) => r[C.Day] === day && r[C.UserSource] === source);
const figures = (day: string, source: number) => {
  const r = row(day, source);
  return r && [r[C.NewUsers], r[C.CancelUsers], r[C.NetUsers], r[C.CumulateUsers] ?? null];
};
const calls = () => h.sim.stats().apiCalls;

describe('daily follower figures', () => {
  it('the first run writes the last 7 ready days: each source, and one all-sources row a day with the cumulative count', async () => {
    expect(await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps)).toEqual({
      kind: 'fetched',
      from: '2024-05-13',
      to: '2024-05-19',
      spans: 1,
      rows: 16,
      more: false,
    });
    expect(calls()['datacube/getusersummary']).toBe(1);
    expect(calls()['datacube/getusercumulate']).toBe(1);
    expect(rows().length).toBe(16);
    // Scenes by index: search (1), QR code (30), profile card (17), migration and others (0, 0).
    expect([figures('2024-05-13', 1), figures('2024-05-13', 30), figures('2024-05-13', 17), figures('2024-05-13', 0)]).toEqual([
      [20, 0, 20, null],
      [20, 0, 20, null],
      [20, 0, 20, null],
      [40, 0, 40, null],
    ]);
    expect(figures('2024-05-13', -1)).toEqual([100, 0, 100, 100]);
    expect(figures('2024-05-14', -1)).toEqual([200, 0, 200, 300]);
    expect(figures('2024-05-15', 30)).toEqual([0, 5, -5, null]);
    expect(figures('2024-05-15', -1)).toEqual([0, 5, -5, 295]);
    expect(figures('2024-05-19', -1)).toEqual([0, 0, 0, 295]);
    const total = row('2024-05-14', -1)!;
    expect(total[C.Date]).toBe('2024-05-14');
    expect(total[C.Name]).toBe('2024-05-14 · All sources 全部来源');
    expect(row('2024-05-14', 30)![C.Name]).toBe('2024-05-14 · QR code 扫描二维码 (30)');
    expect(total[`_${C.OfficialAccountId}_value`]).toBe(tenant.bound.officialAccountId);
    expect(await lastFetchedDay(deps.checkpoints, DEMO.appid)).toBe('2024-05-19');
  });

  it('a second run the same day asks WeChat nothing', async () => {
    await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps);
    expect(await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps)).toEqual({ kind: 'up-to-date', lastDay: '2024-05-19' });
    expect(calls()['datacube/getusersummary']).toBe(1);
  });

  it('a missed week and a half is back-filled in spans of at most 7 days', async () => {
    await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps);
    h.clock.advance(10 * 86_400); // 2024-05-30 09:00 Beijing
    h.sim.recordFollowerHistory(DEMO.appid, '2024-05-27', 1, { newUsers: 7 });
    expect(await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps)).toEqual({
      kind: 'fetched',
      from: '2024-05-20',
      to: '2024-05-29',
      spans: 2,
      rows: 11,
      more: false,
    });
    expect(calls()['datacube/getusersummary']).toBe(3);
    expect(figures('2024-05-27', 1)).toEqual([7, 0, 7, null]);
    expect(figures('2024-05-29', -1)).toEqual([0, 0, 0, 302]);
    expect(rows().length).toBe(27);
  });

  it('a re-fetch of written days updates their rows instead of adding rows', async () => {
    await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps);
    h.sim.recordFollowerHistory(DEMO.appid, '2024-05-15', 30, { cancelUsers: 2 });
    expect(await refetchDays(DEMO.appid, tenant.bound.officialAccountId, '2024-05-13', '2024-05-15', deps)).toMatchObject({ kind: 'fetched', rows: 12 });
    expect(rows().length).toBe(16);
    expect(figures('2024-05-15', 30)).toEqual([0, 7, -7, null]);
    expect(figures('2024-05-15', -1)).toEqual([0, 7, -7, 293]);
    expect(await lastFetchedDay(deps.checkpoints, DEMO.appid)).toBe('2024-05-19');
  });

  it('before 08:00 Beijing yesterday is not fetched yet', async () => {
    h.clock.t = MAY_20_9AM - 2 * 3600_000; // 07:00 Beijing
    expect(await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps)).toMatchObject({ kind: 'fetched', from: '2024-05-12', to: '2024-05-18' });
    expect(row('2024-05-19', -1)).toBeUndefined();
  });

  it('45009 stops the run with a bilingual reason and keeps what was written', async () => {
    await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps);
    h.clock.advance(3 * 86_400);
    h.sim.setQuota('datacube/getusersummary', 0);
    const stopped = await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps);
    expect(stopped).toMatchObject({ kind: 'stopped', lastDay: '2024-05-19', errcode: 45009 });
    if (stopped.kind === 'stopped') expect(stopped.reason).toMatch(/^WeChat 45009: .+\n微信 45009：.+/);
    expect(await lastFetchedDay(deps.checkpoints, DEMO.appid)).toBe('2024-05-19');
    h.sim.setQuota('datacube/getusersummary', null);
    expect(await fetchDailyStats(DEMO.appid, tenant.bound.officialAccountId, deps)).toMatchObject({ kind: 'fetched', from: '2024-05-20', to: '2024-05-22' });
  });
});

/**
 * The analytics timer's run over every account: each bound, authorized account with permission set 2 gets its
 * figures in its own org only; an account without set 2, a revoked one and an unbound one are skipped without
 * a data cube call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyStat, EntitySets } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { StaticBindings } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createDatacubeApi } from '../../wechat/official-account/datacube.js';
import type { AuthorizerRecord } from '../ports/storage.js';
import { fetchAllDailyStats, type FetchAllDeps } from './fetch-all.js';

const BEIJING = 8 * 3600_000;
const NOW = Date.parse('2024-05-20T09:00:00Z') - BEIJING;
const OTHER = { appid: 'wx0th3racc0un7b2c3', originalId: 'gh_0th3racc0un7', nickName: 'Other Account', serviceType: 2, verifyType: 0 };
const NO_SET_2 = 'wxn0s3t2acc0un7c4d';
const REVOKED = 'wxr3v0k3dacc0un7e5';
let h: Harness;
let emulators: Emulators;
let demo: Tenant;
let other: Tenant;
let deps: FetchAllDeps;

function record(appid: string, funcScopes: number[], status: AuthorizerRecord['status'] = 'authorized'): AuthorizerRecord {
  return {
    appid,
    originalId: 'gh_000000000000',
    nickName: appid,
    serviceType: 2,
    verifyType: 0,
    isMiniProgram: false,
    funcScopes,
    status,
    authorizedAt: NOW,
    updatedAt: NOW,
  };
}

beforeEach(async () => {
  h = await startHarness({ accounts: [DEMO, OTHER] });
  h.clock.t = NOW;
  emulators = new Emulators();
  demo = await startTenant(emulators, DEMO.appid);
  other = await startTenant(emulators, OTHER.appid);
  h.sim.generateFollowers(DEMO.appid, 5, { firstSubscribeTime: (Date.parse('2024-05-18T12:00:00Z') - BEIJING) / 1000 });
  h.sim.generateFollowers(OTHER.appid, 3, { firstSubscribeTime: (Date.parse('2024-05-19T12:00:00Z') - BEIJING) / 1000 });
  const authorizers = new MemoryAuthorizerRegistry();
  for (const r of [record(DEMO.appid, [1, 2, 3]), record(OTHER.appid, [2]), record(NO_SET_2, [1, 3]), record(REVOKED, [1, 2], 'unauthorized')])
    await authorizers.put(r);
  const bindings = new StaticBindings();
  bindings.accounts.set(DEMO.appid, demo.bound);
  bindings.accounts.set(OTHER.appid, other.bound);
  deps = {
    authorizers,
    bindings,
    datacube: createDatacubeApi(createWechatApiClient({ baseUrl: h.sim.url })),
    tokenFor: (appid) => ({ get: async () => (await authorizerTokens(h.sim, appid)).accessToken, invalidate: async () => undefined }),
    checkpoints: new MemoryKeyValueStore(new ManualClock(NOW)),
    now: () => h.clock.now(),
    logger: new RecordingLogger(),
  };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const totals = (t: Tenant) =>
  t.dv
    .rows(EntitySets.DailyStat)
    .filter((r) => r[DailyStat.columns.UserSource] === -1 && r[DailyStat.columns.CumulateUsers] !== 0)
    .map((r) => [r[DailyStat.columns.Day], r[DailyStat.columns.CumulateUsers], r[`_${DailyStat.columns.OfficialAccountId}_value`]]);

describe('analytics timer', () => {
  it('fetches each bound account into its own org and skips the rest without a call', async () => {
    expect(await fetchAllDailyStats(deps)).toEqual({ fetched: 2, upToDate: 0, stopped: 0, failed: 0, skipped: 2 });
    expect(totals(demo)).toEqual([
      ['2024-05-18', 5, demo.bound.officialAccountId],
      ['2024-05-19', 5, demo.bound.officialAccountId],
    ]);
    expect(totals(other)).toEqual([['2024-05-19', 3, other.bound.officialAccountId]]);
    expect(h.sim.stats().apiCalls['datacube/getusersummary']).toBe(2);
    expect(await fetchAllDailyStats(deps)).toEqual({ fetched: 0, upToDate: 2, stopped: 0, failed: 0, skipped: 2 });
    expect(h.sim.stats().apiCalls['datacube/getusersummary']).toBe(2);
  });
});

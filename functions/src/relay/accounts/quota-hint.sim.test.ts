/**
 * Check quota and Reset quota from the account row: a hint on wxm_officialaccount → the use case re-reads the row
 * in the Dataverse emulator, calls the WeChat simulator's openapi/quota/get and clear_quota as the account, and
 * writes the report, the monthly counter and WeChat's answer back to the row.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createQuotaApi } from '../../wechat/official-account/quota.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onQuotaHint, type QuotaDeps } from './quota-hint.js';
import type { QuotaPort } from './quota-port.js';
import { resetDone, resetFailed, resetLimitReached, resetRefused } from './quota-reasons.js';
import { PRODUCT_QUOTA_PATHS } from './quota-report.js';

const C = OfficialAccount.columns;
/** 2026-12-03 18:00 Beijing. */
const T0 = Date.UTC(2026, 11, 3, 10);

let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let clock: ManualClock;
let deps: QuotaDeps;
/** What the use case asked WeChat, in order (the real client underneath). */
let calls: string[];
/** The account's one live token (a new one would retire it). */
let token: string;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  clock = new ManualClock(T0);
  token = (await authorizerTokens(h.sim)).accessToken;
  const source = { get: async () => token, invalidate: async () => undefined };
  const api = createQuotaApi(createWechatApiClient({ baseUrl: h.sim.url }));
  calls = [];
  const quota: QuotaPort = {
    getQuota: (appid, path) => (calls.push(`get ${appid} ${path}`), api.getQuota(source, path)),
    clearQuota: (appid) => (calls.push(`clear ${appid}`), api.clearQuota(source, appid)),
  };
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(tenant.dv);
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: 'Global',
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    authorizerAppid: DEMO.appid,
    officialAccountId,
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: T0,
  });
  await registry.bind(DEMO.appid, { organizationId, signedServiceId, officialAccountId });
  deps = { gateway: gatewayFor(tenant.dv), registry, secretBox, quota, clock, logger: new RecordingLogger() };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const hint = (rowId = tenant.bound.officialAccountId, organizationId = tenant.bound.organizationId): DataverseHint => ({
  message: 'Update',
  table: OfficialAccount.logicalName,
  rowId,
  organizationId,
  attributes: {},
});
const row = async () => (await tenant.org.retrieve(EntitySets.OfficialAccount, tenant.bound.officialAccountId))!;
/** What the form's button does: stamp the request column with the user's "now". */
const ask = (column: string) =>
  tenant.org.update(EntitySets.OfficialAccount, tenant.bound.officialAccountId, { [column]: new Date(clock.now()).toISOString() });
const report = async () => JSON.parse(String((await row())[C.QuotaReport])) as unknown[];

describe('Check quota', () => {
  it("writes today's use of every API the product calls, 76021 paths as untracked, and the time it read them", async () => {
    h.sim.setQuota('message/custom/send', 5);
    h.sim.setQuota('media/upload', null); // WeChat keeps no quota for it: 76021
    await h.sim.push({ appid: DEMO.appid, openid: 'oQuota', msgType: 'text', content: 'hi' });
    for (const text of ['a', 'b'])
      await callApi(h.sim, 'message/custom/send', { access_token: token }, { touser: 'oQuota', msgtype: 'text', text: { content: text } });
    await ask(C.QuotaRequestedOn);
    clock.advance(1500);

    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: true, reset: 'none' });
    expect(await report()).toEqual([
      { path: '/cgi-bin/message/custom/send', dailyLimit: 5, used: 2, remain: 3 },
      { path: '/cgi-bin/user/get', dailyLimit: 500, used: 0, remain: 500 },
      { path: '/cgi-bin/user/info', dailyLimit: 500_000, used: 0, remain: 500_000 },
      { path: '/cgi-bin/user/info/batchget', tracked: false }, // the simulator keeps no quota for it: 76021
      { path: '/cgi-bin/qrcode/create', dailyLimit: 100_000, used: 0, remain: 100_000 },
      { path: '/cgi-bin/message/template/send', dailyLimit: 100_000, used: 0, remain: 100_000 },
      { path: '/cgi-bin/message/mass/sendall', dailyLimit: 100, used: 0, remain: 100 },
      { path: '/cgi-bin/menu/create', dailyLimit: 1000, used: 0, remain: 1000 },
      { path: '/cgi-bin/media/upload', tracked: false },
    ]);
    expect(Date.parse(String((await row())[C.QuotaCheckedOn]))).toBe(Math.floor((T0 + 1500) / 1000) * 1000);
    expect(calls).toEqual(PRODUCT_QUOTA_PATHS.map((p) => `get ${DEMO.appid} ${p.path}`));

    // The same hint again (a retry, or the relay's own write): nothing newer was asked, WeChat is not called.
    expect(await onQuotaHint(hint(), deps)).toBe('skipped');
    expect(calls).toHaveLength(PRODUCT_QUOTA_PATHS.length);
  });

  it('a hint for a row of another org, or a row no Signed Service binds, changes nothing', async () => {
    await ask(C.QuotaRequestedOn);
    expect(await onQuotaHint(hint(tenant.bound.officialAccountId, randomUUID()), deps)).toBe('skipped');
    const stranger = tenant.dv.insert(EntitySets.OfficialAccount, {
      [C.AppId]: 'wx00000000000000ff',
      [C.Name]: 'Stranger',
      [C.QuotaRequestedOn]: new Date(T0).toISOString(),
    });
    expect(await onQuotaHint(hint(stranger), deps)).toBe('skipped');
    expect(calls).toEqual([]);
    expect((await row())[C.QuotaReport] ?? null).toBeNull();
  });
});

describe('Reset quota', () => {
  it('resets once per request, counts the Beijing month, refuses the 11th before WeChat, and refreshes the report', async () => {
    h.sim.setQuota('message/custom/send', 5);
    await h.sim.push({ appid: DEMO.appid, openid: 'oQuota', msgType: 'text', content: 'hi' });
    await callApi(h.sim, 'message/custom/send', { access_token: token }, { touser: 'oQuota', msgtype: 'text', text: { content: 'x' } });

    await ask(C.QuotaResetRequestedOn);
    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: true, reset: 'done' });
    let r = await row();
    expect(r[C.QuotaResetsThisMonth]).toBe(1);
    expect(r[C.QuotaResetMonth]).toBe('2026-12');
    expect(r[C.QuotaResetResult]).toBe(resetDone(T0, 1));
    expect((await report())[0]).toEqual({ path: '/cgi-bin/message/custom/send', dailyLimit: 5, used: 0, remain: 5 });
    // A repeated hint for the same request spends nothing.
    expect(await onQuotaHint(hint(), deps)).toBe('skipped');
    expect(calls.filter((c) => c.startsWith('clear'))).toEqual([`clear ${DEMO.appid}`]);

    for (let n = 2; n <= 10; n += 1) {
      clock.advance(60_000);
      await ask(C.QuotaResetRequestedOn);
      expect(await onQuotaHint(hint(), deps)).toEqual({ checked: true, reset: 'done' });
    }
    expect((await row())[C.QuotaResetsThisMonth]).toBe(10);

    clock.advance(60_000);
    await ask(C.QuotaResetRequestedOn);
    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: false, reset: 'refused' });
    r = await row();
    expect(r[C.QuotaResetsThisMonth]).toBe(10);
    expect(r[C.QuotaResetResult]).toBe(resetRefused('2026-12'));
    expect(resetRefused('2026-12')).toBe(
      'Not reset: the 10 resets WeChat allows in 2026-12 (Beijing time) are used up, so WeChat was not called. Resets are possible again from 2027-01-01.\n' +
        '未重置：2026-12（北京时间）微信允许的 10 次重置已用完，因此未调用微信。2027-01-01 起可再次重置。',
    );
    expect(calls.filter((c) => c.startsWith('clear'))).toHaveLength(10);
  });

  it("records WeChat's 48006 when resets made elsewhere used the month up, and the month's counter starts again in a new Beijing month", async () => {
    // Another tool of the account spent this month's resets: our counter still says none.
    for (let i = 0; i < 10; i += 1) await callApi(h.sim, 'clear_quota', { access_token: token }, { appid: DEMO.appid });
    await tenant.org.update(EntitySets.OfficialAccount, tenant.bound.officialAccountId, { [C.QuotaResetsThisMonth]: 3, [C.QuotaResetMonth]: '2026-11' });
    await ask(C.QuotaResetRequestedOn);
    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: false, reset: 'refused' });
    const r = await row();
    expect(r[C.QuotaResetsThisMonth]).toBe(10);
    expect(r[C.QuotaResetMonth]).toBe('2026-12');
    expect(r[C.QuotaResetResult]).toBe(resetLimitReached('2026-12'));
    expect(calls).toEqual([`clear ${DEMO.appid}`]);
  });

  it("keeps WeChat's other answers on the row without counting a reset; no answer at all gives the request back for the retry", async () => {
    h.sim.failNext('clear_quota', 40013);
    await ask(C.QuotaResetRequestedOn);
    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: false, reset: 'failed' });
    let r = await row();
    expect(r[C.QuotaResetsThisMonth]).toBe(0);
    expect(String(r[C.QuotaResetResult])).toMatch(/^Not reset: WeChat answered 40013 \(.+\)\.\n未重置：微信返回 40013（.+）。$/);

    clock.advance(60_000);
    await ask(C.QuotaResetRequestedOn);
    const handledBefore = (await row())[C.QuotaResetOn];
    const offline: QuotaDeps = { ...deps, quota: { ...deps.quota, clearQuota: async () => Promise.reject(new TypeError('fetch failed')) } };
    await expect(onQuotaHint(hint(), offline)).rejects.toThrow('fetch failed');
    r = await row();
    expect(r[C.QuotaResetOn]).toBe(handledBefore);
    // The queue retries the task: this time WeChat answers.
    expect(await onQuotaHint(hint(), deps)).toEqual({ checked: true, reset: 'done' });
    expect((await row())[C.QuotaResetsThisMonth]).toBe(1);
    expect(resetFailed(-1, 'busy', '繁忙')).toBe('Not reset: WeChat answered -1 (busy).\n未重置：微信返回 -1（繁忙）。');
  });
});

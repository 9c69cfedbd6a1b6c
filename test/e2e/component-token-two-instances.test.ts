/**
 * Done-when of issue 2: two relay instances against one Azurite, under concurrent load with a fast clock, call
 * api_component_token exactly once per expiry window (counted at the simulator), and never use a token WeChat
 * has already retired (no 40001 at the simulator: a per-instance cache that ignores the other instance's
 * refresh would hit exactly that).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../emulators/wechat/index.js';
import { uniqueNamePrefix } from '../support/azurite.js';
import { collectingLogger, newComponent, relayInstance } from '../support/relay-instances.js';

/** 1 real second = 20 simulated minutes: a 2-hour token lives 6 real seconds. */
const SPEED = 1200;
const t0 = Date.now();
const fastClock = { now: () => t0 + (Date.now() - t0) * SPEED };
const TTL_S = 7200;
const MARGIN_S = 600; // the providers' default refresh margin (10 minutes)
/** Start To Use as it runs inside a real org (the only kind of return page the relay accepts). */
const RETURN_URL = 'https://contoso.crm.dynamics.com/WebResources/wxm_/pages/starttouse.html';

const component = newComponent();
let sim: WechatSimulator;
const tokenCalls: number[] = [];

beforeAll(async () => {
  sim = await startWechatSimulator({ component, relayUrl: 'http://127.0.0.1:9', clock: fastClock, tokenTtlSeconds: TTL_S });
  await sim.pushTicket().catch(() => undefined); // no relay listens: the ticket is stored below instead
});
afterAll(() => sim.close());

it('refreshes once per window across two instances and never gets 40001', async () => {
  const ticket = sim.latestTicket();
  expect(ticket).toBeDefined();
  const prefix = uniqueNamePrefix('tok');
  // Count api_component_token calls as the relay makes them, with the simulated time they happened at.
  const countingFetch: typeof fetch = async (input, init) => {
    if (String(input).includes('/component/api_component_token')) tokenCalls.push(fastClock.now());
    return fetch(input, init);
  };
  const instances = [0, 1].map(() => relayInstance({ component, wechatUrl: sim.url, namePrefix: prefix, clock: fastClock, fetch: countingFetch }));
  const runtime = await instances[0]!.runtime();
  await runtime.storage.verifyTickets.put(component.appid, { ticket: ticket!, createTime: Math.floor(fastClock.now() / 1000) });

  const logs: string[] = [];
  const deadline = Date.now() + 15_000; // 5 simulated hours: at least two refreshes
  let calls = 0;
  const worker = async (i: number) => {
    const relay = instances[i % 2]!;
    const logger = collectingLogger(relay, logs);
    while (Date.now() < deadline) {
      // Each authorization start for a new account creates a pre_auth_code, signed with the component token (a
      // distinct original ID each time: one account's pre_auth_code is reused for a few minutes).
      const originalId = `gh_${(calls * 8 + i).toString(16).padStart(12, '0')}`;
      const { location } = await relay.services.startAuthorization(
        { originalId, returnUrl: RETURN_URL, accountType: null, orgUrl: null, mobile: false },
        logger,
      );
      expect(location).toContain('pre_auth_code=');
      calls++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i)));

  const stats = sim.stats();
  const windows = tokenCalls.length;
  const gapsS = tokenCalls.slice(1).map((t, i) => (t - tokenCalls[i]!) / 1000);
  console.log(
    `${calls} API calls, ${windows} component tokens, gaps (simulated s): ${gapsS.map((g) => g.toFixed(0)).join(', ')}; replaced-token uses inside the overlap: ${stats.replacedTokenUses}`,
  );
  expect(calls).toBeGreaterThan(200);
  expect(windows).toBeGreaterThanOrEqual(3);
  expect(stats.componentTokenCalls).toBe(windows);
  // Exactly once per window: consecutive refreshes are a whole token life minus the margin apart (one real
  // second of scheduling slack is 1200 simulated seconds), never two in one window.
  for (const gap of gapsS) expect(gap).toBeGreaterThan(TTL_S - MARGIN_S - 1200);
  expect(stats.staleTokenRejections).toBe(0);
  expect(logs.filter((l) => l.includes('"errcode":40001'))).toEqual([]);
}, 60_000);

/**
 * `npm run bench:delivery`, one run on one machine, against the Dataverse emulator with a service-protection limit
 * and a per-request latency (delivery-relay.ts: the production composition root in process, memory storage,
 * Signed Services connected by the relay itself, WeChat stood in by delivery-wechat.ts):
 *  (a) rows per second the relay delivers: envelopes queued at once, received 16 at a time (host.json batchSize)
 *      and handed to what the queue trigger calls (outage backoff → deliverInbound → per-org micro-batching →
 *      gateway); then the same traffic without the limit, to show how much of the time the limit costs;
 *  (b) beside it, what the limit allows at one row per request, and a one-request-per-row baseline measured in
 *      the same run (same gateway, same limits), as ratios;
 *  (c) the backlog after an outage: Dataverse answers 503 while envelopes arrive, then comes back; the time until
 *      every row is present, split into the wait for the relay's first re-queue delay (retry-later.ts, 15 s) and
 *      the drain itself.
 * Every phase ends by counting rows by key in the org: each message exactly once (exit code 1 otherwise).
 * Knobs (env): BENCH_REQUESTS_PER_WINDOW, BENCH_WINDOW_MS, BENCH_LATENCY_MS, BENCH_WECHAT_LATENCY_MS, BENCH_FOLLOWERS,
 * BENCH_BASELINE_FOLLOWERS, BENCH_OUTAGE_FOLLOWERS (per account, about 10 envelopes each).
 * Limits: https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { cpus } from 'node:os';
import { OUTAGE_BACKOFF } from '../../functions/src/relay/delivery/retry-later.js';
import { describeCheck } from './delivery-check.js';
import { measureBaseline, measureOutage, measureRelay, type BenchConfig } from './delivery-phases.js';
import type { RequestCount } from './delivery-relay.js';
import { buildTraffic, type BenchAccount } from './delivery-traffic.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const ACCOUNTS: BenchAccount[] = [
  { appid: 'wxbe0c000000000a01', originalId: 'gh_be0c0000a001', nickName: '甲公司服务号' },
  { appid: 'wxbe0c000000000b02', originalId: 'gh_be0c0000b002', nickName: '乙品牌官方' },
];

const WINDOW_MS = env('BENCH_WINDOW_MS', 1000);
const config: BenchConfig = {
  accounts: ACCOUNTS,
  // Dataverse allows 6,000 requests and 20 minutes of execution per 5 minutes per application user (20 requests/s);
  // the window is scaled down to BENCH_WINDOW_MS so a short run lives in the steady state, not the first burst.
  limits: { requestsPerWindow: env('BENCH_REQUESTS_PER_WINDOW', 20), windowMs: WINDOW_MS, maxConcurrent: 52, executionTimeMs: WINDOW_MS * 4 },
  latencyMs: env('BENCH_LATENCY_MS', 50),
  wechatLatencyMs: env('BENCH_WECHAT_LATENCY_MS', 30),
  batchSize: 16,
  newBatchThreshold: 8,
  visibilityTimeoutSeconds: 10,
};
// Followers per account (about 10 envelopes each).
const FOLLOWERS = env('BENCH_FOLLOWERS', 50);
const BASELINE_FOLLOWERS = env('BENCH_BASELINE_FOLLOWERS', 8);
const OUTAGE_FOLLOWERS = env('BENCH_OUTAGE_FOLLOWERS', 20);
const PER_FOLLOWER = 10;

const s = (ms: number) => (ms / 1000).toFixed(1);
const rate = (n: number, ms: number) => n / (ms / 1000);
const requests = (r: RequestCount) => `${r.total} requests (${r.batches} $batch, ${r.reads} reads, ${r.throttled} answered 429)`;

async function main(): Promise<void> {
  const { limits, latencyMs } = config;
  const limitRate = limits.requestsPerWindow / (limits.windowMs / 1000);
  console.log(`Delivery into Dataverse, one run on this machine (${cpus().length} CPU; emulator, relay and queue in one process)`);
  console.log(`  limit: ${limits.requestsPerWindow} requests per ${limits.windowMs} ms per application user = ${limitRate} requests/s (Dataverse: 6,000 per 5 min), ${limits.maxConcurrent} concurrent, ${limits.executionTimeMs} ms execution per window; ${latencyMs} ms per request; WeChat ${config.wechatLatencyMs} ms`);
  console.log(`  relay: createRelay(...).services.deliverInbound, what the queue trigger calls; in-process queue (not devhost + Azurite), ${config.batchSize} received at once (host.json batchSize), next batch at <= ${config.newBatchThreshold} running`);
  console.log(`  accounts: ${ACCOUNTS.length}, each bound by a Signed Service the relay connected itself (onSignedServiceSaved); one application user, so one limit`);

  const traffic = buildTraffic(ACCOUNTS, FOLLOWERS, PER_FOLLOWER);
  console.log(`(a) relay: ${traffic.envelopes.length} envelopes of ${traffic.followers.length} followers queued at once (Chinese text with emoji, photos, locations, links, follows, menu and location events) ...`);
  const a = await measureRelay(config, traffic, 60_000);
  const ours = rate(a.check.rows.total, a.ms);
  console.log(`    ${a.check.rows.total} rows in ${s(a.ms)} s = ${ours.toFixed(1)} rows/s (${rate(a.tally.delivered, a.ms).toFixed(1)} envelopes/s); ${requests(a.requests)}; ${(a.tally.delivered / Math.max(1, a.requests.batches)).toFixed(1)} envelopes per $batch`);
  console.log(`    ${describeCheck(a.check)}; ${a.runner.failures} failed invocations${a.tally.postponed ? `, ${a.tally.postponed} postponed` : ''}`);
  const unlimited = { ...config, limits: { ...limits, requestsPerWindow: 1e9, executionTimeMs: 1e12 } };
  const free = await measureRelay(unlimited, traffic, 60_000);
  console.log(`    same traffic without the limit (latency only): ${rate(free.check.rows.total, free.ms).toFixed(1)} rows/s in ${s(free.ms)} s; ${requests(free.requests)}; ${(free.tally.delivered / Math.max(1, free.requests.batches)).toFixed(1)} envelopes per $batch; ${free.check.ok ? 'exactly once' : 'NOT exactly once'}`);

  const base = buildTraffic(ACCOUNTS, BASELINE_FOLLOWERS, PER_FOLLOWER, 7);
  console.log(`(b) one request per row: ${base.envelopes.length} envelopes of ${base.followers.length} followers, each row its own Web API request through the relay's gateway, ${config.batchSize} at a time ...`);
  const b = await measureBaseline(config, base);
  const baseline = rate(b.rows, b.ms);
  console.log(`    limit at one row per request: ${limitRate.toFixed(1)} rows/s`);
  console.log(`    baseline measured: ${b.rows} rows in ${s(b.ms)} s = ${baseline.toFixed(1)} rows/s; ${requests(b.requests)}; ${b.resent} sent again after the gateway gave up on a 429`);
  console.log(`    ${describeCheck(b.check)}`);
  console.log(`    ours / limit at one row per request = ${(ours / limitRate).toFixed(2)}x, ours / baseline = ${(ours / baseline).toFixed(2)}x`);

  const outage = buildTraffic(ACCOUNTS, OUTAGE_FOLLOWERS, PER_FOLLOWER, 11);
  console.log(`(c) outage: Dataverse answers 503 while ${outage.envelopes.length} envelopes of ${outage.followers.length} followers arrive, then comes back ...`);
  const c = await measureOutage(config, outage, 3_000, 75_000);
  const delays = [...new Set(c.delays)].join('/');
  console.log(`    down ${s(c.outageMs)} s: ${c.tally.postponed} deliveries postponed by retry-later (re-queued with ${delays} s delay; first delay ${OUTAGE_BACKOFF.firstDelaySeconds} s); ${c.outageRequests.failed} requests answered 503`);
  console.log(`    back up -> every row present: ${s(c.totalMs)} s = ${s(c.waitMs)} s until the first re-queued envelope is visible again + ${s(c.drainMs)} s drain (the last became visible at +${s(c.lastVisibleMs)} s)`);
  console.log(`    drain: ${c.check.rows.total} rows = ${rate(c.check.rows.total, c.drainMs).toFixed(1)} rows/s (${rate(c.tally.delivered, c.drainMs).toFixed(1)} envelopes/s); ${requests(c.drainRequests)}`);
  console.log(`    ${describeCheck(c.check)}; ${c.runner.failures} failed invocations`);
  if ([a.check, free.check, b.check, c.check].some((x) => !x.ok)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

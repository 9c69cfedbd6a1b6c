/**
 * `npm run bench:delivery`, one run on one machine, against the Dataverse emulator with Dataverse's service
 * protection (scaled to a short window, same rates) and execution time charged per operation (delivery-relay.ts:
 * the production composition root in process, memory storage, Signed Services connected by the relay itself,
 * WeChat stood in by delivery-wechat.ts):
 *  (a) the bound the limits and the per-operation cost allow for this traffic (delivery-bound.ts), and the relay's
 *      delivered messages/s as a ratio of it: a backlog queued at once as v2 messages (as group-commit ingest
 *      writes them), received 16 at a time (host.json batchSize) and handed to what the queue trigger calls;
 *      operations per `$batch` under that backlog;
 *  (b) the one-request-per-row baseline in the same run (same gateway, same limits), and ours as a multiple of it;
 *  (c) the backlog after an outage: Dataverse answers 503 while envelopes arrive, then comes back.
 * Every phase ends by counting rows by key in the org: each message exactly once (exit code 1 otherwise).
 * Why these costs: 8 ms per write and 2 ms per read is near the issue's example (10 and 2) and in the range of simple
 * creates on a real org. With them the execution-time bound (4,000 ms of execution per second) is the binding one
 * for batched delivery, while one request per row is bound by the request count (20 requests/s), so the two targets
 * (≥ 0.9 of the bound, ≥ 20× the baseline) test the two things this design is for: spending the execution budget
 * well and filling requests. Cheaper writes would raise the bound above what one process (emulator, relay and queue
 * on one thread) can do on this machine, and the ratio would measure the CPU instead of the delivery.
 * Knobs (env): BENCH_SCALE (window = 5 min / scale), BENCH_WRITE_MS, BENCH_READ_MS, BENCH_LATENCY_MS,
 * BENCH_FOLLOWERS, BENCH_PER_MESSAGE, BENCH_BASELINE_FOLLOWERS, BENCH_OUTAGE_FOLLOWERS (per account, 10 envelopes each);
 * for looking inside: BENCH_ONLY_A=1 (phase a only), BENCH_DUMP=<file> (its request log and delivery times as JSON),
 * BENCH_DEBUG=1 (log lines with their fields).
 * Limits: https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { cpus } from 'node:os';
import { OUTAGE_BACKOFF } from '../../functions/src/relay/delivery/retry-later.js';
import { followerOf } from '../../functions/src/relay/delivery/envelope-check.js';
import { parseInbound } from '../../functions/src/wechat/index.js';
import { scaledLimits } from '../../test/emulators/dataverse/index.js';
import { batchFill, boundOf, operations, steadyRate } from './delivery-bound.js';
import { describeCheck } from './delivery-check.js';
import { measureBaseline, measureOutage, measureRelay, type BenchConfig } from './delivery-phases.js';
import type { RequestCount } from './delivery-relay.js';
import { buildTraffic, type BenchAccount, type Traffic } from './delivery-traffic.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const ACCOUNTS: BenchAccount[] = [
  { appid: 'wxbe0c000000000a01', originalId: 'gh_be0c0000a001', nickName: '甲公司服务号' },
  { appid: 'wxbe0c000000000b02', originalId: 'gh_be0c0000b002', nickName: '乙品牌官方' },
];

const SCALE = env('BENCH_SCALE', 100);
const scaled = scaledLimits(SCALE);
const config: BenchConfig = {
  accounts: ACCOUNTS,
  limits: { ...scaled, costs: { writeMs: env('BENCH_WRITE_MS', 8), readMs: env('BENCH_READ_MS', 2) } },
  latencyMs: env('BENCH_LATENCY_MS', 20),
  wechatLatencyMs: 30,
  batchSize: 16,
  newBatchThreshold: 8,
  visibilityTimeoutSeconds: 10,
};
const FOLLOWERS = env('BENCH_FOLLOWERS', 300);
const PER_MESSAGE = env('BENCH_PER_MESSAGE', 50);
const BASELINE_FOLLOWERS = env('BENCH_BASELINE_FOLLOWERS', 8);
const OUTAGE_FOLLOWERS = env('BENCH_OUTAGE_FOLLOWERS', 20);
const PER_FOLLOWER = 10;

const s = (ms: number) => (ms / 1000).toFixed(1);
const f1 = (n: number) => n.toFixed(1);
const requests = (r: RequestCount) => `${r.total} requests (${r.batches} $batch, ${r.reads} reads, ${r.throttled} answered 429)`;

/** Writes the traffic's change sets need: each message row, each note, and one follower write per envelope that has a follower. */
function neededWrites(traffic: Traffic): number {
  const notes = traffic.messages.reduce((n, m) => n + m.notes, 0);
  const withFollower = traffic.envelopes.filter((e) => followerOf(parseInbound(e.xml)) !== undefined).length;
  return traffic.envelopes.length + notes + withFollower;
}

async function main(): Promise<void> {
  const { limits } = config;
  const costs = limits.costs ?? { writeMs: 0, readMs: 0 };
  console.log(`Delivery into Dataverse, one run on this machine (${cpus().length} CPU; emulator, relay and queue in one process)`);
  console.log(
    `  limits per application user: ${limits.requestsPerWindow} requests and ${limits.executionTimeMs} ms of execution per ${limits.windowMs} ms window ` +
      `(Dataverse's 6,000 and 1,200,000 ms per 5 min scaled by 1/${SCALE}: 20 requests/s, 4,000 ms/s), ${limits.maxConcurrent} concurrent; ` +
      `${costs.writeMs} ms per write, ${costs.readMs} ms per read; ${config.latencyMs} ms network latency per request; WeChat ${config.wechatLatencyMs} ms`,
  );
  console.log(
    `  relay: relay.services.deliverInbound, what the queue trigger calls; in-process queue, ${config.batchSize} messages received at once (host.json batchSize)`,
  );

  const traffic = buildTraffic(ACCOUNTS, FOLLOWERS, PER_FOLLOWER);
  console.log(
    `(a) backlog: ${traffic.envelopes.length} envelopes of ${traffic.followers.length} followers (text with emoji, photos, locations, links, follows, menu events) in v2 queue messages of ${PER_MESSAGE}`,
  );
  const a = await measureRelay(config, traffic, 240_000, PER_MESSAGE);
  const ops = operations(a.log);
  // The writes the change sets carried (message rows, notes, follower creates and the follower updates that changed
  // something; a write sent again after a 412 counts too, which only lowers the bound). Reads are not in the bound:
  // what we spend on them counts against us.
  const bound = boundOf(limits, ops.writes, traffic.envelopes.length);
  const ours = steadyRate(a.tally.times, a.log, limits);
  if (process.env.BENCH_DUMP) (await import('node:fs')).writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ log: a.log, times: a.tally.times }));
  const fill = batchFill(a.log);
  console.log(
    `    bound: ${ops.writes} writes for ${traffic.envelopes.length} messages (at most ${neededWrites(traffic)}: a message row, its notes and a follower write each) = ${f1(bound.msPerMessage)} ms of execution per message;` +
      ` 4,000 ms/s ÷ ${f1(bound.msPerMessage)} ms = ${f1(bound.byExecution)} messages/s (the 20 requests/s allow ${f1(bound.byRequests)} at 1000 operations per $batch) → bound ${f1(bound.messagesPerSecond)} messages/s`,
  );
  console.log(
    `    all ${a.check.rows.total} rows in ${s(a.ms)} s; ${requests(a.requests)}; charged ${ops.writes} writes + ${ops.reads} reads = ${ops.executionMs} ms`,
  );
  console.log(
    `    after the first window's budget was spent: ${ours.messages} messages in ${f1(ours.seconds)} s = ${f1(ours.messagesPerSecond)} messages/s = ${(ours.messagesPerSecond / bound.messagesPerSecond).toFixed(2)} of the bound`,
  );
  console.log(`    operations per $batch: ${f1(fill.mean)} on average, ${fill.max} at most (${fill.batches} $batch requests)`);
  console.log(
    `    ${describeCheck(a.check)}; ${a.runner.failures} failed invocations${a.tally.postponed ? `, ${a.tally.postponed} postponed or re-queued` : ''}`,
  );

  if (process.env.BENCH_ONLY_A) return;
  const base = buildTraffic(ACCOUNTS, BASELINE_FOLLOWERS, PER_FOLLOWER, 7);
  console.log(
    `(b) one request per row: ${base.envelopes.length} envelopes of ${base.followers.length} followers, each write the relay's change sets carry (follower create or update, message, notes) its own Web API request through the relay's gateway, ${config.batchSize} at a time ...`,
  );
  const b = await measureBaseline(config, base);
  const baseline = steadyRate(b.times, b.log, limits);
  console.log(`    all ${b.rows} rows in ${s(b.ms)} s; ${requests(b.requests)}; ${b.resent} sent again after the gateway gave up on a 429`);
  console.log(
    `    after the first window's budget was spent: ${baseline.messages} messages in ${f1(baseline.seconds)} s = ${f1(baseline.messagesPerSecond)} messages/s`,
  );
  console.log(`    ${describeCheck(b.check)}`);
  console.log(`    ours / baseline = ${(ours.messagesPerSecond / baseline.messagesPerSecond).toFixed(1)}x`);
  const lean = await measureBaseline(config, base, false);
  const leanRate = steadyRate(lean.times, lean.log, limits);
  console.log(
    `    the same without the follower updates (fewer rows than the relay writes): ${f1(leanRate.messagesPerSecond)} messages/s after the first window; ${requests(lean.requests)}; ours / that = ${(ours.messagesPerSecond / leanRate.messagesPerSecond).toFixed(1)}x; ${describeCheck(lean.check)}`,
  );
  if (!lean.check.ok) process.exitCode = 1;

  const outage = buildTraffic(ACCOUNTS, OUTAGE_FOLLOWERS, PER_FOLLOWER, 11);
  console.log(
    `(c) outage: Dataverse answers 503 while ${outage.envelopes.length} envelopes of ${outage.followers.length} followers arrive, then comes back ...`,
  );
  const c = await measureOutage(config, outage, 3_000, 75_000);
  const delays = [...new Set(c.delays)].join('/');
  console.log(
    `    down ${s(c.outageMs)} s: ${c.tally.postponed} deliveries postponed by retry-later (re-queued with ${delays} s delay; first delay ${OUTAGE_BACKOFF.firstDelaySeconds} s); ${c.outageRequests.failed} requests answered 503`,
  );
  console.log(
    `    back up -> every row present: ${s(c.totalMs)} s = ${s(c.waitMs)} s until the first re-queued envelope is visible again + ${s(c.drainMs)} s drain`,
  );
  console.log(`    drain: ${c.check.rows.total} rows; ${requests(c.drainRequests)}`);
  console.log(`    ${describeCheck(c.check)}; ${c.runner.failures} failed invocations`);
  if ([a.check, b.check, c.check].some((x) => !x.ok)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * The three measurements of `npm run bench:delivery`, each on a fresh org and relay (fresh limit window, empty
 * tables): the relay draining a queued burst, the one-request-per-row baseline, and the backlog after an outage.
 */
import type { RetriedOutcome } from '../../functions/src/relay/delivery/retry-later.js';
import type { EnvelopeOutcome } from '../../functions/src/relay/delivery/inbound-batch.js';
import type { InboundEnvelope } from '../../functions/src/relay/envelope.js';
import { MAX_QUEUE_MESSAGE_CHARS } from '../../functions/src/kernel/limits.js';
import { encodeQueueMessage } from '../../functions/src/storage/queue-codec.js';
import type { RequestLogEntry } from '../../test/emulators/dataverse/index.js';
import { prepareBaseline, runBaseline, type BaselineResult } from './delivery-baseline.js';
import { checkExactlyOnce, type ExactlyOnce } from './delivery-check.js';
import { BenchQueue, runQueue, type RunnerStats } from './delivery-queue.js';
import { limitOrg, startBenchRelay, type BenchRelay, type RequestCount, type ServiceProtection } from './delivery-relay.js';
import type { BenchAccount, Traffic } from './delivery-traffic.js';
import { wechatStandIn, type WechatStandIn } from './delivery-wechat.js';

export interface BenchConfig {
  accounts: BenchAccount[];
  limits: ServiceProtection;
  latencyMs: number;
  wechatLatencyMs: number;
  /** host.json extensions.queues.batchSize / visibilityTimeout, and the listener's newBatchThreshold. */
  batchSize: number;
  newBatchThreshold: number;
  visibilityTimeoutSeconds: number;
}

export interface Tally {
  delivered: number;
  duplicate: number;
  parked: number;
  postponed: number;
  /** performance.now() of the last delivered (or duplicate) envelope. */
  lastAt: number;
  /** Date.now() of every delivered (or duplicate) envelope, in order. */
  times: number[];
}

function tally(): Tally & { add(o: RetriedOutcome | EnvelopeOutcome): void } {
  const t = { delivered: 0, duplicate: 0, parked: 0, postponed: 0, lastAt: 0, times: [] as number[] };
  return Object.assign(t, {
    add(o: RetriedOutcome | EnvelopeOutcome) {
      if (o.status === 'batch') o.outcomes.forEach((e) => this.add(e));
      else if (o.status === 'retry-later' || o.status === 'requeued') t.postponed += 1;
      else if (o.status === 'parked' || o.status === 'poisoned') t.parked += 1;
      else {
        t[o.status] += 1;
        t.lastAt = performance.now();
        t.times.push(Date.now());
      }
    },
  });
}

async function withRelay<T>(config: BenchConfig, run: (bench: BenchRelay, inbound: BenchQueue<unknown>, wechat: WechatStandIn) => Promise<T>): Promise<T> {
  const wechat = wechatStandIn(config.wechatLatencyMs);
  const inbound = new BenchQueue<unknown>();
  const bench = await startBenchRelay(config.accounts, wechat, inbound, config.limits.windowMs);
  try {
    return await run(bench, inbound, wechat);
  } finally {
    await bench.close();
  }
}

export interface RelayRun {
  envelopes: number;
  ms: number;
  tally: Tally;
  runner: RunnerStats;
  requests: RequestCount;
  check: ExactlyOnce;
  logCounts: Map<string, number>;
  /** The emulator's log of the run's requests (execution time and operations of each). */
  log: RequestLogEntry[];
}

/**
 * (a) Every envelope queued at once (`perMessage` > 1: as v2 queue messages of that many envelopes, as group-commit
 * ingest writes them), drained by the relay as the queue trigger would.
 */
export function measureRelay(config: BenchConfig, traffic: Traffic, deadlineMs: number, perMessage = 1): Promise<RelayRun> {
  return withRelay(config, async (bench, inbound) => {
    for (const m of queueMessages(traffic.envelopes, perMessage)) await inbound.enqueue(m);
    limitOrg(bench.dv, config.limits, config.latencyMs);
    const from = bench.dv.requestLog().length;
    const t = tally();
    const n = traffic.envelopes.length;
    const started = performance.now();
    const runner = await runQueue(inbound, async (m) => t.add(await bench.deliver(m)), {
      batchSize: config.batchSize,
      newBatchThreshold: config.newBatchThreshold,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      stop: () => t.delivered + t.duplicate >= n || performance.now() - started > deadlineMs,
    });
    const check = checkExactlyOnce(bench.dv, traffic.messages, traffic.followers, bench.accountIds);
    return {
      envelopes: n,
      ms: t.lastAt - started,
      tally: t,
      runner,
      requests: bench.requestsSince(from),
      check,
      logCounts: bench.logCounts,
      log: bench.dv.requestLog().slice(from),
    };
  });
}

/** v1 envelopes, or v2 batches of up to `perMessage` whose base64 JSON fits a queue message. */
function queueMessages(envelopes: readonly InboundEnvelope[], perMessage: number): unknown[] {
  if (perMessage <= 1) return [...envelopes];
  const out: unknown[] = [];
  let batch: InboundEnvelope[] = [];
  for (const e of envelopes) {
    const next = [...batch, e];
    if (batch.length > 0 && (next.length > perMessage || encodeQueueMessage({ v: 2, envelopes: next }).length > MAX_QUEUE_MESSAGE_CHARS)) {
      out.push({ v: 2, envelopes: batch });
      batch = [e];
    } else batch = next;
  }
  if (batch.length > 0) out.push({ v: 2, envelopes: batch });
  return out;
}

export interface BaselineRun extends BaselineResult {
  requests: RequestCount;
  log: RequestLogEntry[];
  check: ExactlyOnce;
}

/** (b) The same kind of traffic, each row its own request through the relay's gateway and org client. */
export function measureBaseline(config: BenchConfig, traffic: Traffic, followerUpdates = true): Promise<BaselineRun> {
  return withRelay(config, async (bench, _inbound, wechat) => {
    const prepared = await prepareBaseline(traffic.envelopes, bench.accountIds, wechat.adapters);
    // One application user: both accounts' rows go through the same org client (and its pacing).
    const org = await bench.orgOf(config.accounts[0]?.appid ?? '');
    limitOrg(bench.dv, config.limits, config.latencyMs);
    const from = bench.dv.requestLog().length;
    const result = await runBaseline(prepared, org, config.batchSize, followerUpdates);
    return {
      ...result,
      requests: bench.requestsSince(from),
      check: checkExactlyOnce(bench.dv, traffic.messages, traffic.followers, bench.accountIds),
      log: bench.dv.requestLog().slice(from),
    };
  });
}

export interface OutageRun {
  envelopes: number;
  /** How long Dataverse was down (the envelopes arrived during it). */
  outageMs: number;
  /** Back up → the first postponed envelope visible again on the queue. */
  waitMs: number;
  /** Back up → the last postponed envelope visible again. */
  lastVisibleMs: number;
  /** First visible again → every envelope delivered. */
  drainMs: number;
  /** Back up → every envelope delivered. */
  totalMs: number;
  delays: number[];
  tally: Tally;
  runner: RunnerStats;
  outageRequests: RequestCount;
  drainRequests: RequestCount;
  check: ExactlyOnce;
}

/** (c) Dataverse down while the envelopes arrive (over `arrivalMs`), then back: time until every row is there. */
export function measureOutage(config: BenchConfig, traffic: Traffic, arrivalMs: number, deadlineMs: number): Promise<OutageRun> {
  return withRelay(config, async (bench, inbound) => {
    limitOrg(bench.dv, config.limits, config.latencyMs);
    const n = traffic.envelopes.length;
    const t = tally();
    const started = performance.now();
    bench.dv.setOutage(true);
    const from = bench.dv.requestLog().length;
    const running = runQueue(inbound, async (m) => t.add(await bench.deliver(m)), {
      batchSize: config.batchSize,
      newBatchThreshold: config.newBatchThreshold,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      stop: () => t.delivered + t.duplicate >= n || performance.now() - started > deadlineMs,
    });
    // Arrivals as the callbacks would enqueue them, spread over the outage.
    const slices = 20;
    for (let s = 0; s < slices; s++) {
      for (const e of traffic.envelopes.slice(Math.floor((s * n) / slices), Math.floor(((s + 1) * n) / slices))) await inbound.enqueue(e);
      await new Promise((r) => setTimeout(r, arrivalMs / slices));
    }
    while (t.postponed < n && performance.now() - started < deadlineMs) await new Promise((r) => setTimeout(r, 20));
    const backAt = performance.now();
    const backEpoch = Date.now();
    bench.dv.setOutage(false);
    const outageRequests = bench.requestsSince(from);
    const drainFrom = bench.dv.requestLog().length;
    const visible = inbound.visibility() ?? { first: backEpoch, last: backEpoch };
    const firstVisible = backAt + Math.max(0, visible.first - backEpoch);
    const runner = await running;
    const check = checkExactlyOnce(bench.dv, traffic.messages, traffic.followers, bench.accountIds);
    return {
      envelopes: n,
      outageMs: backAt - started,
      waitMs: firstVisible - backAt,
      lastVisibleMs: visible.last - backEpoch,
      drainMs: t.lastAt - firstVisible,
      totalMs: t.lastAt - backAt,
      delays: inbound.delays,
      tally: t,
      runner,
      outageRequests,
      drainRequests: bench.requestsSince(drainFrom),
      check,
    };
  });
}

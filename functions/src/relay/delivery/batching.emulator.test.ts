/**
 * Measures what the per-org micro-batcher saves: the same burst of envelopes (as the Functions host runs them,
 * 16 at a time in one process) delivered into the emulator with coalescing on and off. Every request counts
 * against Dataverse's service protection (6,000 per 5 minutes per application user; a `$batch` is one), so the
 * request count is the number that matters; the wall time is shown with 15 ms of simulated latency per request.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { Emulators } from '../../dataverse/test-support/org-under-test.js';
import { ManualClock } from '../../storage/memory/manual-clock.js';
import { MemoryParkedDeliveries } from '../../storage/memory/memory-parked-deliveries.js';
import { RecordingLogger } from '../test-support/fixtures.js';
import { deliverInbound } from './deliver-inbound.js';
import { DeliveryLanes, type DeliveryTuning } from './lanes.js';
import { startTenant } from './test-support/emulator-world.js';
import { APPID, envelopeOf, FakeMedia, FakeProfiles, push, StaticBindings, T0 } from './test-support/inbound-fixtures.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const FOLLOWERS = 60;
const PER_FOLLOWER = 4;
const HOST_BATCH_SIZE = 16;

async function run(tuning: Partial<DeliveryTuning>) {
  const t = await startTenant(emulators, APPID, { latencyMs: 15 });
  const bindings = new StaticBindings();
  bindings.accounts.set(APPID, t.bound);
  const deps = { bindings, parked: new MemoryParkedDeliveries(), media: new FakeMedia(), profiles: new FakeProfiles(), lanes: new DeliveryLanes(tuning), clock: new ManualClock(T0 * 1000), logger: new RecordingLogger() };
  // Interleaved like a real queue: follower 0..59 message 1, then message 2, ...
  const queue = Array.from({ length: PER_FOLLOWER }, (_, m) =>
    Array.from({ length: FOLLOWERS }, (_, f) => envelopeOf(push({ MsgType: 'text', Content: `f${f} m${m}`, MsgId: `${9_000_000 + m * 1000 + f}` }, { from: `oBench${String(f).padStart(4, '0')}`, at: T0 + m }))),
  ).flat();
  const before = t.dv.requestLog().length;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: HOST_BATCH_SIZE }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) await deliverInbound(e, deps);
    }),
  );
  const ms = performance.now() - started;
  const requests = t.dv.requestLog().slice(before);
  const result = {
    envelopes: FOLLOWERS * PER_FOLLOWER,
    messages: t.dv.rows(EntitySets.Message).length,
    followers: t.dv.rows(EntitySets.Follower).length,
    requests: requests.length,
    batches: requests.filter((r) => r.path.endsWith('$batch')).length,
    queries: requests.filter((r) => r.method === 'GET').length,
    ms: Math.round(ms),
    envelopesPerSecond: Math.round((FOLLOWERS * PER_FOLLOWER) / (ms / 1000)),
    peakConcurrency: t.dv.peakConcurrency(),
  };
  await t.dv.close();
  return result;
}

describe('per-org micro-batching', () => {
  it('delivers a burst with far fewer requests than one $batch and one query per envelope', async () => {
    const off = await run({ maxOperations: 1, maxReads: 1, maxDelayMs: 0 });
    const on = await run({ maxOperations: 100, maxReads: 50, maxDelayMs: 5 });
    console.log(`[delivery batching] ${FOLLOWERS * PER_FOLLOWER} envelopes (${FOLLOWERS} followers × ${PER_FOLLOWER}), ${HOST_BATCH_SIZE} at a time, 15 ms per request`);
    console.log(`[delivery batching] per envelope: ${JSON.stringify(off)}`);
    console.log(`[delivery batching] coalesced:    ${JSON.stringify(on)}`);
    console.log(`[delivery batching] requests ÷ ${(off.requests / on.requests).toFixed(1)}, envelopes/s × ${(on.envelopesPerSecond / off.envelopesPerSecond).toFixed(1)}`);
    for (const r of [off, on]) {
      expect(r.messages).toBe(FOLLOWERS * PER_FOLLOWER);
      expect(r.followers).toBe(FOLLOWERS);
      expect(r.peakConcurrency).toBeLessThanOrEqual(8);
    }
    expect(off.requests).toBe(2 * FOLLOWERS * PER_FOLLOWER);
    expect(on.requests * 5).toBeLessThan(off.requests);
  }, 60_000);
});

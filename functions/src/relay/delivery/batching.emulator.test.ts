/**
 * Measures what the gateway's submit (change sets of everyone writing to an org in one `$batch`) and the follower
 * cache save: the same burst of envelopes (as the Functions host runs them, 16 at a time in one process) delivered
 * into the emulator with one change set per `$batch` and with filled requests. Every request counts
 * against Dataverse's service protection (6,000 per 5 minutes per application user; a `$batch` is one), so the
 * request count is the number that matters; the wall time is shown with 15 ms of simulated latency per request.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { deliverInbound } from './deliver-inbound.js';
import type { DataverseGatewayOptions } from '../../dataverse/gateway.js';
import { deliveryDeps, startTenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { APPID, envelopeOf, push, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const FOLLOWERS = 60;
const PER_FOLLOWER = 4;
const HOST_BATCH_SIZE = 16;

async function run(gateway: DataverseGatewayOptions) {
  const t = await startTenant(emulators, APPID, { latencyMs: 15, gateway });
  const deps = deliveryDeps([t], { clock: new ManualClock(T0 * 1000) });
  // Interleaved like a real queue: follower 0..59 message 1, then message 2, ...
  const queue = Array.from({ length: PER_FOLLOWER }, (_, m) =>
    Array.from({ length: FOLLOWERS }, (_, f) =>
      envelopeOf(
        push({ MsgType: 'text', Content: `f${f} m${m}`, MsgId: `${9_000_000 + m * 1000 + f}` }, { from: `oBench${String(f).padStart(4, '0')}`, at: T0 + m }),
      ),
    ),
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

describe('filled $batch requests and cached followers', () => {
  it('delivers a burst with far fewer requests than one $batch per envelope, and reads each follower once', async () => {
    const off = await run({ maxBatchOperations: 2, batchDelayMs: 0 });
    const on = await run({});
    console.log(
      `[delivery batching] ${FOLLOWERS * PER_FOLLOWER} envelopes (${FOLLOWERS} followers × ${PER_FOLLOWER}), ${HOST_BATCH_SIZE} at a time, 15 ms per request`,
    );
    console.log(`[delivery batching] per envelope: ${JSON.stringify(off)}`);
    console.log(`[delivery batching] coalesced:    ${JSON.stringify(on)}`);
    console.log(
      `[delivery batching] requests ÷ ${(off.requests / on.requests).toFixed(1)}, envelopes/s × ${(on.envelopesPerSecond / off.envelopesPerSecond).toFixed(1)}`,
    );
    for (const r of [off, on]) {
      expect(r.messages).toBe(FOLLOWERS * PER_FOLLOWER);
      expect(r.followers).toBe(FOLLOWERS);
      expect(r.peakConcurrency).toBeLessThanOrEqual(8);
    }
    // One change set per $batch: one request per envelope, plus the follower reads (a known follower costs none).
    expect(off.batches).toBe(FOLLOWERS * PER_FOLLOWER);
    for (const r of [off, on]) expect(r.queries).toBeLessThanOrEqual(FOLLOWERS);
    expect(on.queries).toBeLessThanOrEqual(FOLLOWERS / 10);
    expect(on.requests * 5).toBeLessThan(off.requests);
  }, 60_000);
});

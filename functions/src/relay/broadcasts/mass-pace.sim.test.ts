/**
 * WeChat's 60 mass-send calls a minute per account, held across broadcasts and relay instances: two broadcasts of one
 * account sent at once by two relay instances (two sets of dependencies sharing only the relay's key-value store)
 * draw their calls from one timeline, so the simulator, which refuses the 61st call within 60 s (45011), accepts
 * every one. Time runs 20 times faster than real for the relay and the simulator alike, so the production spacing
 * (1,100 ms) is what is tested.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AudienceKind, Broadcast, BroadcastStatus, EntitySets } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { onBroadcastHint } from './broadcast-hint.js';
import { awaitMassSlot, DEFAULT_MASS_CALL_SPACING_MS } from './mass-pace.js';

const B = Broadcast.columns;
const SPEED = 20;
let w: BroadcastWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** A clock running SPEED times faster than real time from `start`, and a sleep on it. */
function fastTime(start: number) {
  const origin = performance.now();
  const clock = { now: () => Math.round(start + (performance.now() - origin) * SPEED) };
  const sleep = async (ms: number) => {
    // Until the fast clock has moved `ms` (a timer may fire a little early).
    const until = clock.now() + ms;
    while (clock.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.max(1, (until - clock.now()) / SPEED)));
  };
  return { clock, sleep };
}

/** The most calls in any 60 s of the simulator's clock. */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 60_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The world, 93 followers in a view (31 calls of 3 each per broadcast), fast time, and two broadcasts asking to send. */
async function twoBroadcasts() {
  const world = (w = await startBroadcastWorld());
  for (let i = 0; i < 93; i++) await world.follower(`o${String(i).padStart(3, '0')}`);
  const view = world.dv.insert('savedqueries', {
    name: 'All followers',
    returnedtypecode: 'wxm_follower',
    querytype: 0,
    fetchxml: '<fetch><entity name="wxm_follower"><attribute name="wxm_followerid"/></entity></fetch>',
  });
  const time = fastTime(world.clock.now());
  world.h.clock.now = time.clock.now;
  const request = { [B.AudienceKind]: AudienceKind.View, [B.AudienceViewId]: view, [B.SendRequestedOn]: new Date(time.clock.now()).toISOString() };
  const first = await world.broadcast({ ...request, [B.Content]: '会员日 A' });
  const second = await world.broadcast({ ...request, [B.Content]: '会员日 B' });

  /** A relay instance: its own dependency objects, the production spacing, the given store. */
  const instance = (kv: MemoryKeyValueStore) => ({ ...world.deps, kv, clock: time.clock, sleep: time.sleep, callSpacingMs: DEFAULT_MASS_CALL_SPACING_MS });
  return { world, time, first, second, instance };
}

describe('mass-send calls of one account across broadcasts and instances', () => {
  it('two broadcasts sent at once by two instances share 60 calls a minute: 62 calls, none refused, at most 55 in any minute', async () => {
    const { world, time, first, second, instance } = await twoBroadcasts();
    const kv = new MemoryKeyValueStore(time.clock);
    const [instanceA, instanceB] = [instance(kv), instance(kv)];
    const outcomes = await Promise.all([onBroadcastHint(world.hint(first, 'Create'), instanceA), onBroadcastHint(world.hint(second, 'Create'), instanceB)]);

    expect(outcomes).toEqual(['sent', 'sent']);
    const calls = world.sim.sent(DEMO.appid).filter((s) => s.api === 'message/mass/send');
    expect(calls.map((c) => c.errcode)).toEqual(Array.from({ length: 62 }, () => 0));
    expect(busiestMinute(calls.map((c) => c.at))).toBeLessThanOrEqual(Math.ceil(60_000 / DEFAULT_MASS_CALL_SPACING_MS));
    // Interleaved, not one broadcast's minute after the other's.
    const order = calls.map((c) => ((c.body as { text: { content: string } }).text.content.endsWith('A') ? 'A' : 'B'));
    expect(order.slice(0, 10).filter((x) => x === 'A').length).toBeGreaterThanOrEqual(3);
    expect(order.slice(0, 10).filter((x) => x === 'B').length).toBeGreaterThanOrEqual(3);
    for (const id of [first, second])
      expect(world.row(id)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Sending, [B.ChunkCount]: 31, [B.ChunksSent]: 31 });
    expect(world.dv.rows(EntitySets.BroadcastSend).length).toBe(62);
  }, 60_000);

  it('paced per instance (each its own store, as each broadcast paced itself before), WeChat refuses the 61st call of the minute with 45011', async () => {
    const { world, time, first, second, instance } = await twoBroadcasts();
    const settled = await Promise.allSettled([
      onBroadcastHint(world.hint(first, 'Create'), instance(new MemoryKeyValueStore(time.clock))),
      onBroadcastHint(world.hint(second, 'Create'), instance(new MemoryKeyValueStore(time.clock))),
    ]);
    const refused = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { errcode?: number }).errcode] : []));
    expect(refused).toContain(45011);
    const answers = world.sim
      .sent(DEMO.appid)
      .filter((c) => c.api === 'message/mass/send')
      .map((c) => c.errcode);
    expect(answers.slice(0, 60)).toEqual(Array.from({ length: 60 }, () => 0));
    expect(answers[60]).toBe(45011);
  }, 60_000);
});

describe('awaitMassSlot', () => {
  it('callers sharing a store claim distinct slots one spacing apart and wait for them; callers with their own stores would collide', async () => {
    const time = fastTime(Date.parse('2026-12-07T00:00:00Z'));
    const shared = new MemoryKeyValueStore(time.clock);
    const slots: number[] = [];
    const caller = async () => {
      for (let i = 0; i < 5; i++) {
        const slot = await awaitMassSlot({ kv: shared, clock: time.clock, sleep: time.sleep }, 'wxacc');
        expect(time.clock.now()).toBeGreaterThanOrEqual(slot);
        slots.push(slot);
      }
    };
    const otherAccount = awaitMassSlot({ kv: shared, clock: time.clock, sleep: time.sleep }, 'wxother');
    await Promise.all([caller(), caller(), caller()]);
    const sorted = [...slots].sort((a, b) => a - b);
    expect(new Set(sorted).size).toBe(15);
    expect(sorted.every((t) => t % DEFAULT_MASS_CALL_SPACING_MS === 0)).toBe(true);
    expect(Math.min(...sorted.slice(1).map((t, i) => t - sorted[i]!))).toBe(DEFAULT_MASS_CALL_SPACING_MS);
    // Another account does not wait for this one's slots.
    expect(await otherAccount).toBeLessThanOrEqual(sorted[0]! + DEFAULT_MASS_CALL_SPACING_MS);
    // Without a shared store (per instance memory) two instances take the same slot: WeChat would see both.
    const [a, b] = await Promise.all([
      awaitMassSlot({ kv: new MemoryKeyValueStore(time.clock), clock: time.clock, sleep: time.sleep }, 'wxthird'),
      awaitMassSlot({ kv: new MemoryKeyValueStore(time.clock), clock: time.clock, sleep: time.sleep }, 'wxthird'),
    ]);
    expect(a).toBe(b);
  });
});

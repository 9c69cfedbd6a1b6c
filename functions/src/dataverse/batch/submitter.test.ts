/** The gateway's change-set submitter (moved from relay/delivery's micro-batcher, with its assertions). */
import { describe, expect, it } from 'vitest';
import type { WriteOperation, WriteOutcome } from '../types.js';
import { ChangeSetSubmitter, type SubmitterOptions } from './submitter.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const op = (n: number): WriteOperation => ({ kind: 'create', entitySet: 'accounts', data: { n } });
const set = (...ns: number[]) => ns.map(op);
const nOf = (o: WriteOperation) => (o.kind === 'create' ? (o.data['n'] as number) : -1);

function recording(options: Partial<SubmitterOptions> = {}, gate?: () => Promise<void>) {
  const calls: number[][][] = [];
  const submitter = new ChangeSetSubmitter(
    async (sets) => {
      calls.push(sets.map((s) => s.map(nOf)));
      await gate?.();
      return sets.map((s) => s.map((o): WriteOutcome => ({ ok: true, id: `id-${nOf(o)}` })));
    },
    { maxOperations: 100, maxDelayMs: 5, maxInFlight: 1, waitFor: () => 0, sleep, ...options },
  );
  return { calls, submitter };
}

describe('ChangeSetSubmitter', () => {
  it('change sets arriving together go in one $batch, each gets its own outcomes', async () => {
    const { calls, submitter } = recording();
    const outcomes = await Promise.all([submitter.submit(set(1, 2)), submitter.submit(set(3)), submitter.submit(set(4, 5, 6))]);
    expect(outcomes).toEqual([
      [
        { ok: true, id: 'id-1' },
        { ok: true, id: 'id-2' },
      ],
      [{ ok: true, id: 'id-3' }],
      [4, 5, 6].map((n) => ({ ok: true, id: `id-${n}` })),
    ]);
    expect(calls).toEqual([[[1, 2], [3], [4, 5, 6]]]);
    expect(submitter.stats).toEqual({ requests: 1, operations: 6, largest: 6 });
  });

  it('fills up to maxOperations without waiting, and never splits a change set across requests', async () => {
    const { calls, submitter } = recording({ maxOperations: 5, maxDelayMs: 10_000 });
    await Promise.all([submitter.submit(set(1, 2)), submitter.submit(set(3, 4)), submitter.submit(set(5, 6, 7)), submitter.submit(set(8, 9, 10, 11, 12))]);
    expect(calls.map((c) => c.map((s) => s.length))).toEqual([[2, 2], [3], [5]]);
  });

  it('a failed request rejects each of its change sets, and later ones go in a new request', async () => {
    let fail = true;
    const submitter = new ChangeSetSubmitter(
      async (sets) => {
        if (fail) throw new Error('down');
        return sets.map((s) => s.map((): WriteOutcome => ({ ok: true })));
      },
      { maxOperations: 10, maxDelayMs: 1, maxInFlight: 1, waitFor: () => 0, sleep },
    );
    const results = await Promise.allSettled([submitter.submit(set(1)), submitter.submit(set(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await submitter.submit(set(3))).toEqual([{ ok: true }]);
  });

  it('a change set arriving after the delay opens a new request', async () => {
    const { calls, submitter } = recording();
    const first = submitter.submit(set(1));
    await sleep(20);
    await Promise.all([first, submitter.submit(set(2))]);
    expect(calls).toEqual([[[1]], [[2]]]);
  });

  it('while a $batch is in flight, change sets gather into the next one (a backlog fills requests)', async () => {
    const gates: Array<() => void> = [];
    const { calls, submitter } = recording({ maxDelayMs: 1 }, () => new Promise<void>((resolve) => gates.push(resolve)));
    const first = submitter.submit(set(1));
    await sleep(5);
    const rest = [2, 3, 4].map((n) => submitter.submit(set(n)));
    await sleep(5);
    expect(calls).toEqual([[[1]]]);
    gates.shift()?.();
    await first;
    await sleep(1);
    expect(calls).toEqual([[[1]], [[2], [3], [4]]]);
    gates.shift()?.();
    expect((await Promise.all(rest)).map((o) => o.length)).toEqual([1, 1, 1]);
  });

  it('when not even the oldest change set fits the budget, waits as long as it says, with the request still open: what arrives meanwhile rides along', async () => {
    const waits: number[] = [];
    let budgetWait = 30;
    const { calls, submitter } = recording({
      maxDelayMs: 1,
      waitFor: (operations) => (waits.push(operations), budgetWait),
      affordable: () => (budgetWait > 0 ? 0 : Infinity),
      sleep: async (ms) => {
        budgetWait = 0;
        await sleep(ms);
      },
    });
    const first = submitter.submit(set(1));
    await sleep(10);
    const second = submitter.submit(set(2, 3));
    await Promise.all([first, second]);
    expect(calls).toEqual([[[1], [2, 3]]]);
    expect(waits).toEqual([1]);
  });

  it('sends what the budget allows now and keeps the rest for the next $batch', async () => {
    let affordable = 3;
    const { calls, submitter } = recording({ maxDelayMs: 1, affordable: () => affordable });
    const all = [submitter.submit(set(1, 2)), submitter.submit(set(3)), submitter.submit(set(4, 5))];
    await sleep(10);
    affordable = Infinity;
    await Promise.all(all);
    expect(calls).toEqual([[[1, 2], [3]], [[4, 5]]]);
  });

  it('short of budget, waits for room for a quarter of a $batch (or all that waits), not for one change set', async () => {
    const asked: number[] = [];
    let room = 0;
    const { calls, submitter } = recording({
      maxOperations: 40,
      maxDelayMs: 1,
      affordable: () => room,
      waitFor: (operations) => (asked.push(operations), room >= operations ? 0 : 20),
      sleep: async (ms) => {
        room = 10;
        await sleep(ms);
      },
    });
    await Promise.all(Array.from({ length: 12 }, (_, i) => submitter.submit(set(i))));
    expect(asked).toEqual([10]);
    expect(calls.map((c) => c.length)).toEqual([10, 2]);
  });
});

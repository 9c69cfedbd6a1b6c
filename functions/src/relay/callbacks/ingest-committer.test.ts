import { describe, expect, it } from 'vitest';
import { systemClock } from '../../kernel/clock.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryDeliveryLedger } from '@wxm/testkit/kit/storage/memory/memory-delivery-ledger';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { decodeQueueText } from '../../storage/queue-codec.js';
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { DeliveryInProgress, StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import { AnswerBudget } from './answer-budget.js';
import { IngestCommitter, type IngestCommitterOptions } from './ingest-committer.js';
import type { GroupLedger } from '../ports/ingest.js';

type Message = InboundEnvelope | InboundBatch;
const quiet: Logger = { info() {}, warn() {}, error() {} };

function envelope(account: string, id: number, xml = `<xml><MsgId>${id}</MsgId></xml>`): InboundEnvelope {
  return { v: 1, authorizerAppid: account, dedupeKey: `${account}|msg|${id}`, xml, receivedAt: 1 };
}

/** A queue that refuses the next `failures` messages, then stores as MemoryQueue does. */
class FlakyQueue implements Queue<Message> {
  readonly inner = new MemoryQueue<Message>('wechat-inbound');
  constructor(public failures = 0) {}
  async enqueue(m: Message): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('queue down');
    }
    await this.inner.enqueue(m);
  }
  depth = () => this.inner.depth();
}

function world(options: Partial<IngestCommitterOptions> = {}, ledger?: MemoryDeliveryLedger) {
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
  const shared = ledger ?? new MemoryDeliveryLedger({ clock });
  const queue = new FlakyQueue();
  const committer = new IngestCommitter({ ledger: shared, inbound: queue, logger: quiet, lingerMs: 1, now: () => clock.now(), ...options });
  const budget = () => new AnswerBudget(clock);
  const envelopes = () => queue.inner.peekAll().flatMap((m) => (m.v === 2 ? m.envelopes : [m]));
  return { clock, ledger: shared, queue, committer, budget, envelopes };
}

describe('IngestCommitter', () => {
  it('writes a group of 40 (two accounts) as one transaction per account and one queue message', async () => {
    const w = world();
    const batch = [...Array.from({ length: 30 }, (_, i) => envelope('wxA', i)), ...Array.from({ length: 10 }, (_, i) => envelope('wxB', i))];
    const outcomes = await Promise.all(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(outcomes).toEqual(batch.map(() => 'queued'));
    const claims = w.ledger.writes.filter((x) => x.op === 'claim');
    expect(claims.map((x) => [x.partition, x.keys.length])).toEqual([
      ['wxA', 30],
      ['wxB', 10],
    ]);
    const messages = w.queue.inner.peekAll();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({ v: 2, envelopes: batch });
    await w.committer.close();
    expect(w.ledger.writes.filter((x) => x.op === 'confirm').map((x) => [x.partition, x.keys.length])).toEqual([
      ['wxA', 30],
      ['wxB', 10],
    ]);
    expect(w.ledger.entry('wxB|msg|9')?.status).toBe('confirmed');
  });

  it("carries one group's confirms in the next group's claim write (no request of their own)", async () => {
    const w = world();
    await Promise.all([1, 2, 3].map((id) => w.committer.submit(envelope('wxA', id), w.budget())));
    await Promise.all([4, 5].map((id) => w.committer.submit(envelope('wxA', id), w.budget())));
    await w.committer.close();
    expect(w.ledger.writes.map((x) => [x.op, x.keys, x.confirmed])).toEqual([
      ['claim', ['wxA|msg|1', 'wxA|msg|2', 'wxA|msg|3'], undefined],
      ['claim', ['wxA|msg|4', 'wxA|msg|5'], ['wxA|msg|1', 'wxA|msg|2', 'wxA|msg|3']],
      ['confirm', ['wxA|msg|4', 'wxA|msg|5'], undefined],
    ]);
    expect(w.ledger.entry('wxA|msg|1')?.status).toBe('confirmed');
  });

  it('groups what arrives while a write is in flight into the next write', async () => {
    const w = world();
    const first = w.committer.submit(envelope('wxA', 1), w.budget());
    await new Promise((r) => setTimeout(r, 5)); // the first group's write has started
    const rest = Array.from({ length: 5 }, (_, i) => w.committer.submit(envelope('wxA', 10 + i), w.budget()));
    await Promise.all([first, ...rest]);
    expect(w.queue.inner.peekAll().map((m) => (m.v === 2 ? m.envelopes.length : 1))).toEqual([1, 5]);
  });

  it('answers every callback of a failed write 503 and releases its claims; the retry stores each once', async () => {
    const w = world();
    w.queue.failures = 1;
    const batch = Array.from({ length: 3 }, (_, i) => envelope('wxA', i));
    const failed = await Promise.allSettled(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(failed.map((r) => r.status === 'rejected' && r.reason instanceof StorageUnavailable)).toEqual([true, true, true]);
    expect(batch.map((e) => w.ledger.entry(e.dedupeKey))).toEqual([undefined, undefined, undefined]);
    expect(await w.queue.depth()).toBe(0);
    const retried = await Promise.all(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(retried).toEqual(['queued', 'queued', 'queued']);
    expect(w.envelopes()).toEqual(batch);
  });

  it('answers 503 and holds no claim when the ledger write fails', async () => {
    const clock = new ManualClock(0);
    const ledger: GroupLedger = {
      claimMany: async () => Promise.reject(new Error('table down')),
      confirmMany: async () => undefined,
      releaseMany: async () => undefined,
    };
    const queue = new FlakyQueue();
    const committer = new IngestCommitter({ ledger, inbound: queue, logger: quiet });
    await expect(committer.submit(envelope('wxA', 1), new AnswerBudget(clock))).rejects.toBeInstanceOf(StorageUnavailable);
    expect(await queue.depth()).toBe(0);
  });

  it('stores a duplicate within a group once and answers a later one from memory, with no storage', async () => {
    const w = world();
    const outcomes = await Promise.all([envelope('wxA', 7), envelope('wxA', 7), envelope('wxA', 8)].map((e) => w.committer.submit(e, w.budget())));
    expect(outcomes).toEqual(['queued', 'duplicate', 'queued']);
    expect(w.envelopes().map((e) => e.dedupeKey)).toEqual(['wxA|msg|7', 'wxA|msg|8']);
    const writes = w.ledger.writes.length;
    expect(await w.committer.submit(envelope('wxA', 7), w.budget())).toBe('duplicate');
    expect(w.ledger.writes.length).toBe(writes);
  });

  it('leaves out of the message a key another instance stored (and one it is storing)', async () => {
    const a = world();
    const b = world({}, a.ledger); // a second relay instance on the same ledger: its own memory
    expect(await b.committer.submit(envelope('wxA', 2), b.budget())).toBe('queued');
    await b.committer.close();
    await a.ledger.claim('wxA|msg|3'); // being stored elsewhere right now
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((id) => a.committer.submit(envelope('wxA', id), a.budget())));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason instanceof DeliveryInProgress))).toEqual(['queued', 'duplicate', true, 'queued']);
    expect(a.envelopes().map((e) => e.dedupeKey)).toEqual(['wxA|msg|1', 'wxA|msg|4']);
  });

  it('answers 503 without storing a callback whose budget cannot afford the claim', async () => {
    const w = world();
    const spent = w.budget();
    w.clock.advance(3_500); // 1 s left, a step may take 1.5 s
    await expect(w.committer.submit(envelope('wxA', 1), spent)).rejects.toBeInstanceOf(StorageUnavailable);
    expect(w.ledger.writes).toEqual([]);
    expect(await w.committer.submit(envelope('wxA', 2), w.budget())).toBe('queued');
  });

  it('answers 503 at its deadline when storage hangs, never later', async () => {
    const ledger: GroupLedger = { claimMany: () => new Promise(() => undefined), confirmMany: async () => undefined, releaseMany: async () => undefined };
    const committer = new IngestCommitter({ ledger, inbound: new FlakyQueue(), logger: quiet });
    const started = Date.now();
    const budget = new AnswerBudget(systemClock, { answerWithinMs: 80, stepMs: 10 });
    await expect(committer.submit(envelope('wxA', 1), budget)).rejects.toBeInstanceOf(StorageUnavailable);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('splits a group when one more envelope would exceed the queue message limit', async () => {
    const w = world({ maxMessageChars: 2_000 });
    const batch = Array.from({ length: 9 }, (_, i) => envelope('wxA', i, `<xml>${'x'.repeat(400)}</xml>`));
    await Promise.all(batch.map((e) => w.committer.submit(e, w.budget())));
    const texts = w.queue.inner.peekAll().map((m) => Buffer.from(JSON.stringify(m)).toString('base64'));
    expect(texts.map((t) => t.length <= 2_000)).toEqual(texts.map(() => true));
    expect(w.queue.inner.peekAll().map((m) => (m.v === 2 ? m.envelopes.length : 0))).toEqual([3, 3, 3]);
    expect(w.envelopes()).toEqual(batch);
    // base64 of one message of 3 is under 2,000 characters; of 4 it would not be
    expect(Buffer.from(JSON.stringify({ v: 2, envelopes: batch.slice(0, 4) })).toString('base64').length).toBeGreaterThan(2_000);
    expect(decodeQueueText(texts[0]!)).toContain('"v":2');
  });

  it('writes one v1 message per envelope when told the consumer takes only v1', async () => {
    const w = world({ format: 'v1' });
    await Promise.all([1, 2].map((id) => w.committer.submit(envelope('wxA', id), w.budget())));
    expect(w.queue.inner.peekAll()).toEqual([envelope('wxA', 1), envelope('wxA', 2)]);
    await w.committer.close();
    expect(w.ledger.writes.map((x) => [x.op, x.keys.length])).toEqual([
      ['claim', 2],
      ['confirm', 2],
    ]);
  });

  it('refuses new callbacks once closed, after writing what waited', async () => {
    const w = world({ lingerMs: 1_000 });
    const waiting = w.committer.submit(envelope('wxA', 1), w.budget());
    await w.committer.close();
    expect(await waiting).toBe('queued');
    await expect(w.committer.submit(envelope('wxA', 2), w.budget())).rejects.toBeInstanceOf(StorageUnavailable);
  });
});

describe('IngestCommitter after a write of unknown outcome', () => {
  it('takes over its own pending claim on the retry (the timed-out claim had reached storage)', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
    const memory = new MemoryDeliveryLedger({ clock });
    let lost = true;
    // The first claim is written, but its answer never arrives (a frozen connection that later delivers).
    const ledger: GroupLedger = {
      claimMany: async (keys, options) => {
        const claims = await memory.claimMany(keys, options);
        if (lost) {
          lost = false;
          throw new Error('deadline passed');
        }
        return claims;
      },
      confirmMany: (t) => memory.confirmMany(t),
      releaseMany: (t) => memory.releaseMany(t),
    };
    const queue = new FlakyQueue();
    const committer = new IngestCommitter({ ledger, inbound: queue, logger: quiet });
    await expect(committer.submit(envelope('wxA', 1), new AnswerBudget(clock))).rejects.toBeInstanceOf(StorageUnavailable);
    expect(memory.entry('wxA|msg|1')?.status).toBe('pending');
    expect(await committer.submit(envelope('wxA', 1), new AnswerBudget(clock))).toBe('queued');
    // Another instance still waits for it to look abandoned.
    expect(await memory.claim('wxA|msg|1')).toBe('in-progress');
    expect(queue.inner.peekAll()).toHaveLength(1);
  });
});

describe('IngestCommitter when an instance dies between claim and enqueue', () => {
  it("leaves pending claims another instance takes over once they look abandoned, so WeChat's retry is stored", async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
    const ledger = new MemoryDeliveryLedger({ clock, pendingTimeoutMs: 10_000 });
    // Instance A claims, then "dies": its enqueue never completes, its callback is never answered.
    const dying: Queue<Message> = { enqueue: () => new Promise(() => undefined), depth: async () => 0 };
    const a = new IngestCommitter({ ledger, inbound: dying, logger: quiet });
    void a.submit(envelope('wxA', 1), new AnswerBudget(clock)).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(ledger.entry('wxA|msg|1')?.status).toBe('pending'); // not 'confirmed': that would answer the retry 'duplicate' and lose it
    const b = world({}, ledger);
    clock.advance(5_000); // WeChat's first retry, at another instance
    await expect(b.committer.submit(envelope('wxA', 1), new AnswerBudget(clock))).rejects.toBeInstanceOf(DeliveryInProgress);
    clock.advance(5_000); // the second retry: the claim looks abandoned now
    expect(await b.committer.submit(envelope('wxA', 1), new AnswerBudget(clock))).toBe('queued');
    expect(b.envelopes().map((e) => e.dedupeKey)).toEqual(['wxA|msg|1']);
  });
});

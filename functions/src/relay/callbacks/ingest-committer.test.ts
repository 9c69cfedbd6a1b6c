import { describe, expect, it } from 'vitest';
import { systemClock } from '../../kernel/clock.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { decodeQueueText } from '../../storage/queue-codec.js';
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import { AnswerBudget } from './answer-budget.js';
import { IngestCommitter, type IngestCommitterOptions } from './ingest-committer.js';

type Message = InboundEnvelope | InboundBatch;

function envelope(account: string, id: number, xml = `<xml><MsgId>${id}</MsgId></xml>`): InboundEnvelope {
  return { v: 1, authorizerAppid: account, dedupeKey: `${account}|msg|${id}`, xml, receivedAt: 1 };
}

/** A queue that refuses the next `failures` messages, then stores as MemoryQueue does; counts its calls. */
class FlakyQueue implements Queue<Message> {
  readonly inner = new MemoryQueue<Message>('wechat-inbound');
  calls = 0;
  constructor(public failures = 0) {}
  async enqueue(m: Message): Promise<void> {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('queue down');
    }
    await this.inner.enqueue(m);
  }
  depth = () => this.inner.depth();
}

function world(options: Partial<IngestCommitterOptions> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
  const queue = new FlakyQueue();
  const committer = new IngestCommitter({ inbound: queue, lingerMs: 1, now: () => clock.now(), ...options });
  const budget = () => new AnswerBudget(clock);
  const envelopes = () => queue.inner.peekAll().flatMap((m) => (m.v === 2 ? m.envelopes : [m]));
  return { clock, queue, committer, budget, envelopes };
}

describe('IngestCommitter', () => {
  it('writes a group of 40 (two accounts) as one queue message, its only storage write', async () => {
    const w = world();
    const batch = [...Array.from({ length: 30 }, (_, i) => envelope('wxA', i)), ...Array.from({ length: 10 }, (_, i) => envelope('wxB', i))];
    const outcomes = await Promise.all(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(outcomes).toEqual(batch.map(() => 'queued'));
    const messages = w.queue.inner.peekAll();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({ v: 2, envelopes: batch });
    await w.committer.close();
    expect(w.queue.calls).toBe(1);
  });

  it('groups what arrives while a write is in flight into the next write', async () => {
    const w = world();
    const first = w.committer.submit(envelope('wxA', 1), w.budget());
    await new Promise((r) => setTimeout(r, 5)); // the first group's write has started
    const rest = Array.from({ length: 5 }, (_, i) => w.committer.submit(envelope('wxA', 10 + i), w.budget()));
    await Promise.all([first, ...rest]);
    expect(w.queue.inner.peekAll().map((m) => (m.v === 2 ? m.envelopes.length : 1))).toEqual([1, 5]);
  });

  it('by default starts no second write while one is in flight: what arrives meanwhile goes as one group when it ends', async () => {
    const written: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inbound = {
      enqueue: async (m: Message) => {
        written.push(m.v === 2 ? m.envelopes.length : 1);
        if (written.length === 1) await held;
      },
      depth: async () => 0,
    };
    const committer = new IngestCommitter({ inbound }); // the defaults: linger 1 ms, one write in flight
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
    const first = committer.submit(envelope('wxA', 1), new AnswerBudget(clock));
    await new Promise((r) => setTimeout(r, 20)); // the idle committer's linger is long over: the first write hangs
    expect(written).toEqual([1]);
    const rest = Array.from({ length: 5 }, (_, i) => committer.submit(envelope('wxA', 10 + i), new AnswerBudget(clock)));
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual([1]); // with two in flight (the old default) a second write would have started here
    release();
    await Promise.all([first, ...rest]);
    expect(written).toEqual([1, 5]);
  });

  it('answers every callback of a failed write 503; the retry stores each once', async () => {
    const w = world();
    w.queue.failures = 1;
    const batch = Array.from({ length: 3 }, (_, i) => envelope('wxA', i));
    const failed = await Promise.allSettled(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(failed.map((r) => r.status === 'rejected' && r.reason instanceof StorageUnavailable)).toEqual([true, true, true]);
    expect(await w.queue.depth()).toBe(0);
    const retried = await Promise.all(batch.map((e) => w.committer.submit(e, w.budget())));
    expect(retried).toEqual(['queued', 'queued', 'queued']);
    expect(w.envelopes()).toEqual(batch);
  });

  it('stores a duplicate within a group once and answers a later one from memory, with no storage', async () => {
    const w = world();
    const outcomes = await Promise.all([envelope('wxA', 7), envelope('wxA', 7), envelope('wxA', 8)].map((e) => w.committer.submit(e, w.budget())));
    expect(outcomes).toEqual(['queued', 'duplicate', 'queued']);
    expect(w.envelopes().map((e) => e.dedupeKey)).toEqual(['wxA|msg|7', 'wxA|msg|8']);
    const calls = w.queue.calls;
    expect(await w.committer.submit(envelope('wxA', 7), w.budget())).toBe('duplicate');
    expect(w.queue.calls).toBe(calls);
  });

  it('a retry arriving while the first copy is being written waits for it and is a duplicate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = new MemoryQueue<Message>('wechat-inbound');
    const slow: Queue<Message> = { enqueue: async (m) => (await gate, inner.enqueue(m)), depth: () => inner.depth() };
    const clock = new ManualClock(0);
    const committer = new IngestCommitter({ inbound: slow, lingerMs: 1 });
    const first = committer.submit(envelope('wxA', 1), new AnswerBudget(clock));
    await new Promise((r) => setTimeout(r, 5));
    const retry = committer.submit(envelope('wxA', 1), new AnswerBudget(clock));
    release();
    expect(await Promise.all([first, retry])).toEqual(['queued', 'duplicate']);
    expect(inner.peekAll()).toHaveLength(1);
  });

  it('answers 503 without storing a callback whose budget cannot afford the write', async () => {
    const w = world();
    const spent = w.budget();
    w.clock.advance(3_500); // 1 s left, a step may take 1.5 s
    await expect(w.committer.submit(envelope('wxA', 1), spent)).rejects.toBeInstanceOf(StorageUnavailable);
    expect(w.queue.calls).toBe(0);
    expect(await w.committer.submit(envelope('wxA', 2), w.budget())).toBe('queued');
  });

  it('answers 503 at its deadline when storage hangs, never later', async () => {
    const committer = new IngestCommitter({ inbound: { enqueue: () => new Promise(() => undefined), depth: async () => 0 } });
    const started = Date.now();
    const budget = new AnswerBudget(systemClock, { answerWithinMs: 80, stepMs: 10 });
    await expect(committer.submit(envelope('wxA', 1), budget)).rejects.toBeInstanceOf(StorageUnavailable);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('answers each waiting callback at its own deadline, the earliest first whatever the order they came in', async () => {
    const committer = new IngestCommitter({ inbound: { enqueue: () => new Promise(() => undefined), depth: async () => 0 } });
    const started = Date.now();
    const settledAt = (p: Promise<unknown>) =>
      p.then(
        () => Infinity,
        (err: unknown) => (expect(err).toBeInstanceOf(StorageUnavailable), Date.now() - started),
      );
    const late = settledAt(committer.submit(envelope('wxA', 1), new AnswerBudget(systemClock, { answerWithinMs: 300, stepMs: 10 })));
    const early = settledAt(committer.submit(envelope('wxA', 2), new AnswerBudget(systemClock, { answerWithinMs: 60, stepMs: 10 })));
    const [lateMs, earlyMs] = await Promise.all([late, early]);
    expect(earlyMs).toBeGreaterThanOrEqual(55);
    expect(earlyMs).toBeLessThan(200);
    expect(lateMs).toBeGreaterThanOrEqual(295);
    expect(lateMs).toBeLessThan(500);
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
  });

  it('refuses new callbacks once closed, after writing what waited', async () => {
    const w = world({ lingerMs: 1_000 });
    const waiting = w.committer.submit(envelope('wxA', 1), w.budget());
    await w.committer.close();
    expect(await waiting).toBe('queued');
    await expect(w.committer.submit(envelope('wxA', 2), w.budget())).rejects.toBeInstanceOf(StorageUnavailable);
  });
});

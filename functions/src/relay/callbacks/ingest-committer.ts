/**
 * Group commit for accepted callbacks, one per process. Callbacks that arrive together share one queue message
 * (ingest-group.ts writes it; it is the only storage write on their answer path): while one group's write is in
 * flight the next group fills, and it is written as soon as that write finishes (`maxInFlight`, default 1). An
 * idle committer waits `lingerMs` (default 1 ms) for company first. A group is sealed early when it holds
 * `maxGroup` callbacks or when one more envelope would make its queue message exceed MAX_QUEUE_MESSAGE_CHARS; a
 * sealed group is written at once, beside a write in flight.
 *
 * Why so little waiting: under load the write in flight is what gathers the next group, so a linger only adds
 * latency, and WeChat's servers hold a connection per callback until it is answered (with 50 of them, callbacks/s
 * is 50 divided by the answer time). Measured by `npm run bench:callbacks` on Azurite (2026-12-08): linger 5 ms
 * with 2 writes in flight answered 6,500/s (p50 7 ms); 1 ms with 1 in flight 12,100/s (p50 3 ms), with fewer,
 * fuller queue messages (about 25 envelopes each) than 1 ms with 2 in flight.
 *
 * Per instance, in memory: the keys this instance stored lately (a WeChat retry of those costs no storage at
 * all) and the keys being written now (a retry waits for the first delivery's write instead of being stored
 * twice). Across instances there is no shared ledger: a copy queued twice is stored once in Dataverse, whose
 * message rows are create-only by alternate key (ingest-group.ts says why that is enough).
 *
 * Every callback keeps its answer budget (answer-budget.ts): it is answered 503 when its deadline comes while it
 * waits, never after WeChat's 5 seconds. A write that still lands later is harmless: delivery absorbs the copy.
 * One timer watches every waiting callback's deadline (armed for the earliest), not one timer per callback:
 * thousands of timers a second were a measurable part of the answer path.
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import { MAX_QUEUE_MESSAGE_CHARS } from '../../kernel/limits.js';
import { BoundedMap } from '../../support/bounded-map.js';
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import type { AnswerBudget } from './answer-budget.js';
import { writeGroup, type GroupMember, type IngestOutcome } from './ingest-group.js';

export interface IngestCommitterOptions {
  inbound: Queue<InboundEnvelope | InboundBatch>;
  /** 'v2' (default): one InboundBatch per group. 'v1': one message per envelope (a consumer without v2). */
  format?: 'v1' | 'v2';
  lingerMs?: number;
  /**
   * Group writes in flight at once (besides groups sealed full). Default 1: while one group's queue message is
   * written the next group fills.
   */
  maxInFlight?: number;
  maxGroup?: number;
  maxMessageChars?: number;
  /** How many recently stored keys to remember, and for how long. */
  recentKeys?: { maxEntries: number; ttlMs: number };
  /** Epoch ms for the recent-keys memory (tests pass a manual clock). */
  now?: () => number;
}

/** `{"v":2,"envelopes":[` + `]}`: what a batch adds around its envelopes, in bytes. */
const BATCH_OVERHEAD = 22;
const base64Chars = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * One callback waiting for its group's write. A class, not an object of closures: one is made per callback.
 * `written` (what a retry of the same key waits for) is made only when a retry asks for it.
 */
class Member implements GroupMember {
  readonly promise: Promise<IngestOutcome>;
  /** UTF-8 bytes of the envelope's JSON. */
  readonly bytes: number;
  #resolve!: (outcome: IngestOutcome) => void;
  #reject!: (err: Error) => void;
  #settled = false;
  #written: Promise<void> | undefined;
  #markWritten: (() => void) | undefined;
  #isWritten = false;

  constructor(
    readonly envelope: InboundEnvelope,
    readonly budget: AnswerBudget,
    private readonly onSettled: (member: Member) => void,
  ) {
    this.bytes = Buffer.byteLength(JSON.stringify(envelope), 'utf8');
    this.promise = new Promise<IngestOutcome>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Resolves when the write of this member's group has finished (whatever its answer was). */
  get written(): Promise<void> {
    if (this.#isWritten) return Promise.resolve();
    return (this.#written ??= new Promise<void>((r) => (this.#markWritten = r)));
  }

  markWritten(): void {
    this.#isWritten = true;
    this.#markWritten?.();
  }

  succeed(outcome: IngestOutcome): void {
    if (this.#settle()) this.#resolve(outcome);
  }

  fail(err: Error): void {
    if (this.#settle()) this.#reject(err);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.onSettled(this);
    return true;
  }
}

interface OpenGroup {
  members: Member[];
  bytes: number;
}

export class IngestCommitter {
  readonly #options: Required<Pick<IngestCommitterOptions, 'format' | 'lingerMs' | 'maxGroup' | 'maxMessageChars' | 'maxInFlight'>>;
  readonly #recent: BoundedMap<string, true>;
  /** Keys whose group write has not finished, with the first callback that carries each. */
  readonly #writing = new Map<string, Member>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Callbacks not yet answered, watched by #deadlineTimer. */
  readonly #waiting = new Set<Member>();
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Epoch ms the deadline timer fires at. */
  #deadlineAt = Infinity;
  #open: OpenGroup = { members: [], bytes: BATCH_OVERHEAD };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** A settled callback is no longer watched for its deadline. */
  readonly #settledMember = (member: Member) => void this.#waiting.delete(member);

  constructor(private readonly deps: IngestCommitterOptions) {
    this.#options = {
      format: deps.format ?? 'v2',
      lingerMs: deps.lingerMs ?? 1,
      maxGroup: deps.maxGroup ?? 100,
      maxInFlight: deps.maxInFlight ?? 1,
      maxMessageChars: deps.maxMessageChars ?? MAX_QUEUE_MESSAGE_CHARS,
    };
    const recent = deps.recentKeys ?? { maxEntries: 50_000, ttlMs: 5 * 60_000 };
    this.#recent = new BoundedMap({ ...recent, ...(deps.now && { now: deps.now }) });
  }

  /** Stores one accepted callback's envelope with its group; resolves once it is durable (or known stored). */
  submit(envelope: InboundEnvelope, budget: AnswerBudget): Promise<IngestOutcome> {
    if (this.#closed) return Promise.reject(new StorageUnavailable('store inbound message (instance shutting down)', undefined));
    const key = envelope.dedupeKey;
    if (this.#recent.has(key)) return Promise.resolve('duplicate');
    const first = this.#writing.get(key);
    // Stored by the first: a duplicate. Refused: try again once the first's write is over.
    if (first)
      return first.promise.then(
        () => 'duplicate' as const,
        () => first.written.then(() => this.submit(envelope, budget)),
      );

    const member = new Member(envelope, budget, this.#settledMember);
    this.#waiting.add(member);
    this.#watchDeadlines(member);
    this.#writing.set(key, member);
    member.promise.catch(() => undefined); // the caller handles it; the group's bookkeeping must not warn
    this.#add(member);
    return member.promise;
  }

  /** Writes what waits; afterwards every submit is refused (host shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#flush();
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /**
   * Answers 503 every waiting callback whose deadline has come, then sleeps until the next earliest one. A
   * newcomer due sooner than the timer re-arms it (budgets come from the request's arrival, not the submit).
   */
  #watchDeadlines(newcomer?: Member): void {
    if (this.#deadlineTimer) {
      if (!newcomer || Date.now() + newcomer.budget.remainingMs() >= this.#deadlineAt) return;
      clearTimeout(this.#deadlineTimer);
      this.#deadlineTimer = undefined;
    }
    if (this.#waiting.size === 0) return;
    let earliest = Infinity;
    for (const m of this.#waiting) earliest = Math.min(earliest, m.budget.remainingMs());
    this.#deadlineAt = Date.now() + earliest;
    this.#deadlineTimer = setTimeout(() => {
      this.#deadlineTimer = undefined;
      for (const m of [...this.#waiting]) if (m.budget.remainingMs() <= 0) m.fail(tooSlow());
      this.#watchDeadlines();
    }, earliest);
    this.#deadlineTimer.unref?.();
  }

  #add(member: Member): void {
    const open = this.#open;
    const bytes = open.bytes + member.bytes + (open.members.length > 0 ? 1 : 0);
    if (this.#options.format === 'v2' && open.members.length > 0 && base64Chars(bytes) > this.#options.maxMessageChars) {
      this.#flush(); // one more would not fit in a queue message: the group goes as it is
      this.#add(member);
      return;
    }
    open.members.push(member);
    open.bytes = bytes;
    if (open.members.length >= this.#options.maxGroup) this.#flush();
    else if (this.#inFlight.size < this.#options.maxInFlight) this.#timer ??= setTimeout(() => this.#flush(), this.#options.lingerMs);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const group = this.#open;
    if (group.members.length === 0) return;
    this.#open = { members: [], bytes: BATCH_OVERHEAD };
    const write = writeGroup(group.members, {
      inbound: this.deps.inbound,
      format: this.#options.format,
      remember: (key) => this.#recent.set(key, true),
    }).catch((err: unknown) => {
      for (const m of group.members) m.fail(new StorageUnavailable('store inbound messages', err));
    });
    this.#inFlight.add(write);
    void write.finally(() => {
      this.#inFlight.delete(write);
      // Only now may the same key be written again by this instance (even if its callback was answered earlier).
      for (const m of group.members) {
        if (this.#writing.get(m.envelope.dedupeKey) === m) this.#writing.delete(m.envelope.dedupeKey);
        m.markWritten();
      }
      // Classic group commit: the group that filled during this write goes now.
      if (this.#inFlight.size < this.#options.maxInFlight) this.#flush();
    });
  }
}

const tooSlow = () => new StorageUnavailable('store inbound message (storage too slow to answer WeChat in time)', undefined);

/**
 * Everything the simulated WeChat remembers, in memory: tickets, tokens, codes, accounts and followers, media,
 * quotas, what the relay sent, counters, and injected failures.
 */
import { ComponentMessageCrypt } from '../crypto.js';
import { SimInputError } from '../errors.js';
import type { ComponentCredentials, PushResult, SentMessage, SimAccountInit, SimClock, SimStats, SimulatorOptions } from '../types.js';
import { createAccount, RELEASE_TEST_ACCOUNTS, type SimAccount } from './accounts.js';
import { CodeBook, VerifyTicketBook } from './codes.js';
import { MediaStore } from './media.js';
import { QuotaBook } from './quota.js';
import { TokenBook } from './tokens.js';

export interface ResolvedSettings {
  relayUrl: string;
  rotateRefreshTokens: boolean;
  jobFinishEvents: boolean;
  pushTimeoutMs: number;
}

/** One push WeChat made to the relay, with every delivery's outcome (GET /sim/pushes). */
export interface PushRecord {
  seq: number;
  at: number;
  target: 'component' | 'account';
  appid: string;
  plaintext: string;
  results: PushResult[];
}

/** The log keeps the latest pushes only, so a long sandbox run stays small. */
const PUSH_LOG_LIMIT = 500;

export interface InjectedFailure {
  errcode: number;
  errmsg?: string;
}

export class SimState {
  readonly clock: SimClock;
  readonly component: ComponentCredentials;
  readonly crypt: ComponentMessageCrypt;
  readonly settings: ResolvedSettings;
  readonly tickets: VerifyTicketBook;
  readonly tokens: TokenBook;
  readonly codes: CodeBook;
  readonly media: MediaStore;
  readonly quota: QuotaBook;
  readonly accounts = new Map<string, SimAccount>();
  readonly sentLog: SentMessage[] = [];
  readonly pushLog: PushRecord[] = [];
  /** Base URL of the simulator itself, known once the server listens (download URLs, PicUrl). */
  publicUrl = '';
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposed = false;
  private sentSeq = 0;
  private pushSeq = 0;
  private msgIdSeq = 0;
  readonly stats: SimStats = {
    componentTokenCalls: 0,
    authorizerTokenCalls: 0,
    queryAuthCalls: 0,
    staleTokenRejections: 0,
    replacedTokenUses: 0,
    unknownTokenRejections: 0,
    ticketsPushed: 0,
    pushes: 0,
    apiCalls: {},
  };

  constructor(options: SimulatorOptions) {
    const { component } = options;
    for (const key of ['appid', 'appsecret', 'token', 'encodingAesKey'] as const) {
      if (!component?.[key]) throw new SimInputError(`component.${key} is required`);
    }
    if (!options.relayUrl) throw new SimInputError('relayUrl is required');
    this.clock = options.clock ?? { now: () => Date.now() };
    this.component = { ...component };
    this.crypt = new ComponentMessageCrypt(component.token, component.encodingAesKey, component.appid);
    this.settings = {
      relayUrl: options.relayUrl.replace(/\/+$/, ''),
      rotateRefreshTokens: options.rotateRefreshTokens ?? false,
      jobFinishEvents: options.jobFinishEvents ?? true,
      pushTimeoutMs: options.pushTimeoutMs ?? 5000,
    };
    this.tickets = new VerifyTicketBook(this.clock);
    this.tokens = new TokenBook(this.clock, options.tokenTtlSeconds ?? 7200, options.tokenOverlapSeconds ?? 300);
    this.codes = new CodeBook(this.clock, options.authCodeSingleUse ?? true);
    this.media = new MediaStore(this.clock);
    this.quota = new QuotaBook(this.clock, options.dailyQuotas);
    if (options.releaseTestAccounts ?? true) for (const init of RELEASE_TEST_ACCOUNTS) this.addAccount(init);
    for (const init of options.accounts ?? []) this.addAccount(init);
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  addAccount(init: SimAccountInit): SimAccount {
    if (this.accounts.has(init.appid)) throw new SimInputError(`account ${init.appid} already exists`, 409);
    const account = createAccount(init);
    this.accounts.set(account.appid, account);
    return account;
  }

  account(appid: unknown): SimAccount {
    const account = typeof appid === 'string' ? this.accounts.get(appid) : undefined;
    if (!account) throw new SimInputError(`no account ${String(appid)} on the simulator`, 404);
    return account;
  }

  accountByOriginalId(originalId: string): SimAccount | undefined {
    return [...this.accounts.values()].find((a) => a.originalId === originalId);
  }

  /** The next call of `api` (path without /cgi-bin/) fails with this errcode; calls queue up in order. */
  failNext(api: string, failure: InjectedFailure): void {
    const queue = this.failures.get(api) ?? [];
    queue.push(failure);
    this.failures.set(api, queue);
  }

  takeFailure(api: string): InjectedFailure | undefined {
    const queue = this.failures.get(api);
    const failure = queue?.shift();
    if (queue && queue.length === 0) this.failures.delete(api);
    return failure;
  }

  recordSent(entry: Omit<SentMessage, 'seq' | 'at'>): SentMessage {
    this.sentSeq += 1;
    const sent: SentMessage = { seq: this.sentSeq, at: this.clock.now(), ...entry };
    this.sentLog.push(sent);
    return sent;
  }

  /** Runs work later (pushes after an API answered); cancelled by dispose(). */
  later(work: () => void | Promise<void>, ms: number): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void Promise.resolve()
        .then(work)
        .catch(() => undefined);
    }, ms);
    this.timers.add(timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  recordPush(entry: Omit<PushRecord, 'seq' | 'at'>): PushRecord {
    this.pushSeq += 1;
    const record: PushRecord = { seq: this.pushSeq, at: this.clock.now(), ...entry };
    this.pushLog.push(record);
    if (this.pushLog.length > PUSH_LOG_LIMIT) this.pushLog.shift();
    return record;
  }

  countCall(api: string): void {
    this.stats.apiCalls[api] = (this.stats.apiCalls[api] ?? 0) + 1;
  }

  /** 64-bit-looking message ids, strictly increasing like WeChat's (clock ms × 1000 + a sequence). */
  nextMsgId(): string {
    this.msgIdSeq += 1;
    return (BigInt(this.clock.now()) * 1000n + BigInt(this.msgIdSeq) + 23_000_000_000_000_000n).toString();
  }
}

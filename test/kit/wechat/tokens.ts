/**
 * In-memory implementations of the token ports, for this folder's tests only (storage/ has the real ones
 * and its own in-memory set). Every operation yields to the event loop first, like a network store would,
 * so concurrent callers really interleave.
 */
import type {
  AuthorizerRefreshTokenStore,
  RefreshLock,
  StoredToken,
  TokenStore,
  VerifyTicket,
  VerifyTicketStore,
} from '../../../functions/src/wechat/tokens/ports.js';
import type { Clock } from '../../../functions/src/kernel/clock.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  constructor(public ms = Date.UTC(2024, 4, 17, 10, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export class MemoryTokenStore implements TokenStore {
  readonly map = new Map<string, StoredToken>();
  async get(key: string) {
    await tick();
    const t = this.map.get(key);
    return t && { ...t };
  }
  async put(key: string, token: StoredToken) {
    await tick();
    this.map.set(key, { ...token });
  }
  async expireIfCurrent(key: string, value: string) {
    await tick();
    const t = this.map.get(key);
    if (t?.value === value) this.map.set(key, { value, expiresAt: 0 });
  }
}

/** One holder per key at a time, FIFO, like a blob lease that waiters poll for. */
export class MemoryLock implements RefreshLock {
  readonly #tails = new Map<string, Promise<unknown>>();
  held = 0;
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        this.held++;
        try {
          return await fn();
        } finally {
          this.held--;
        }
      });
    this.#tails.set(key, run);
    return run;
  }
}

export class MemoryTicketStore implements VerifyTicketStore {
  readonly map = new Map<string, VerifyTicket>();
  async get(appid: string) {
    await tick();
    return this.map.get(appid);
  }
  async put(appid: string, ticket: VerifyTicket) {
    await tick();
    const cur = this.map.get(appid);
    if (!cur || ticket.createTime > cur.createTime) this.map.set(appid, ticket);
  }
}

export class MemoryRefreshTokenStore implements AuthorizerRefreshTokenStore {
  readonly map = new Map<string, string>();
  readonly writes: Array<[string, string]> = [];
  async get(appid: string) {
    await tick();
    return this.map.get(appid);
  }
  async put(appid: string, refreshToken: string) {
    await tick();
    this.writes.push([appid, refreshToken]);
    this.map.set(appid, refreshToken);
  }
}

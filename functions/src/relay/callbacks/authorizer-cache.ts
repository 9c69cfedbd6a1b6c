/**
 * Authorizer records kept in memory for a short time (default 30 s), so a callback usually costs no authorizer
 * read. Dropped at once when this instance learns the account revoked us (component-callback.ts on
 * `unauthorized`, and any `put` through it); another instance may keep answering `success` and storing that
 * account's messages for up to the TTL, which delivery treats like any message that raced the revocation.
 * Only found records are kept: an unknown appid is read again next time (forged appids cost no memory).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import { BoundedMap } from '../../support/bounded-map.js';
import type { AuthorizerRecord, AuthorizerRegistry } from '../ports/storage.js';

export interface AuthorizerCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** Epoch ms (tests pass a manual clock). */
  now?: () => number;
}

export class CachedAuthorizers implements AuthorizerRegistry {
  readonly #records: BoundedMap<string, AuthorizerRecord>;
  /** Reads in flight per appid: a burst of callbacks for one account costs one read. */
  readonly #reading = new Map<string, Promise<AuthorizerRecord | undefined>>();

  constructor(
    private readonly registry: AuthorizerRegistry,
    options: AuthorizerCacheOptions = {},
  ) {
    this.#records = new BoundedMap({
      maxEntries: options.maxEntries ?? 10_000,
      ttlMs: options.ttlMs ?? 30_000,
      ...(options.now && { now: options.now }),
    });
  }

  async get(appid: string): Promise<AuthorizerRecord | undefined> {
    const cached = this.#records.get(appid);
    if (cached) return cached;
    let reading = this.#reading.get(appid);
    if (!reading) {
      const epoch = this.#epoch;
      reading = this.registry.get(appid).then((record) => {
        // A revocation seen while this read was in flight: its (older) answer is not kept.
        if (record && epoch === this.#epoch) this.#records.set(appid, record);
        return record;
      });
      const done = () => this.#reading.get(appid) === reading && this.#reading.delete(appid);
      reading.then(done, done);
      this.#reading.set(appid, reading);
    }
    return reading;
  }

  async put(record: AuthorizerRecord): Promise<void> {
    this.forget(record.appid);
    await this.registry.put(record);
  }

  list(): Promise<AuthorizerRecord[]> {
    return this.registry.list();
  }

  /** The account changed (revoked): the next callback reads storage again. */
  forget(appid: string): void {
    this.#records.delete(appid);
    this.#reading.delete(appid);
    this.#epoch++;
  }

  /** Counts revocations seen (rare), so a read that straddles one is not cached. */
  #epoch = 0;
}

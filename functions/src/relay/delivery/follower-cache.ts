/**
 * Follower rows of one org as this process last read or wrote them, so a known follower costs no read: a delivery
 * writes its follower with `Prefer: return=representation` and keeps the row and its new ETag. A row changed by
 * another instance meanwhile makes the ETag-conditional write fail with 412; the delivery then forgets the row
 * and redoes its round from a fresh read, so the cache can be stale but never wrong.
 * Followers not in the cache that are asked for at about the same time are read with one query per account
 * (`$filter` on the account and `wxm_openid eq … or …`), up to `maxReads` at once.
 * One follower's deliveries take turns in this process: each starts from the row the previous one wrote.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { EntitySets, Follower } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import { BoundedMap } from '../../support/bounded-map.js';
import { FOLLOWER_SELECT, readFollower, type StoredFollower } from './follower-row.js';
import { lookupValue, requireGuid, stringLiteral } from './keys.js';

export interface FollowerCacheOptions {
  maxEntries: number;
  /** Openids per query (keeps the $filter URL short). Default 50. */
  maxReads?: number;
  /** How long a miss waits for company. Default 2 ms. */
  gatherMs?: number;
}

interface Miss {
  openid: string;
  resolve: (row: StoredFollower | undefined) => void;
  reject: (err: unknown) => void;
}

export interface FollowerCacheStats {
  hits: number;
  misses: number;
  /** Queries sent for misses. */
  queries: number;
}

export class FollowerCache {
  readonly #rows: BoundedMap<string, StoredFollower>;
  readonly #turns = new Map<string, Promise<unknown>>();
  readonly #misses = new Map<string, Miss[]>();
  readonly #options: Required<FollowerCacheOptions>;
  #org: DataverseOrg | undefined;
  readonly stats: FollowerCacheStats = { hits: 0, misses: 0, queries: 0 };

  constructor(options: FollowerCacheOptions) {
    this.#options = { maxReads: 50, gatherMs: 2, ...options };
    this.#rows = new BoundedMap({ maxEntries: options.maxEntries });
  }

  /** The org client reads go through (the latest one the binding handed out). */
  use(org: DataverseOrg): void {
    this.#org = org;
  }

  /** The follower row of (account, openid): remembered, or read with other misses of that account. */
  read(accountId: string, openid: string): Promise<StoredFollower | undefined> {
    const known = this.#rows.get(key(accountId, openid));
    if (known) {
      this.stats.hits++;
      return Promise.resolve(known);
    }
    this.stats.misses++;
    return new Promise((resolve, reject) => {
      let waiting = this.#misses.get(accountId);
      if (!waiting) {
        this.#misses.set(accountId, (waiting = []));
        setTimeout(() => this.#flush(accountId), this.#options.gatherMs);
      }
      waiting.push({ openid, resolve, reject });
      if (waiting.length >= this.#options.maxReads) this.#flush(accountId);
    });
  }

  remember(accountId: string, follower: StoredFollower): void {
    this.#rows.set(key(accountId, follower.openid), follower);
  }

  forget(accountId: string, openid: string): void {
    this.#rows.delete(key(accountId, openid));
  }

  /** Runs `task` after the follower's earlier deliveries in this process (in arrival order, failures included). */
  turn<T>(accountId: string, openid: string, task: () => Promise<T>): Promise<T> {
    const k = key(accountId, openid);
    const result = (this.#turns.get(k) ?? Promise.resolve()).then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#turns.set(k, tail);
    void tail.then(() => {
      if (this.#turns.get(k) === tail) this.#turns.delete(k);
    });
    return result;
  }

  /** Followers with a delivery running or waiting (for tests). */
  get busy(): number {
    return this.#turns.size;
  }

  #flush(accountId: string): void {
    const waiting = this.#misses.get(accountId);
    if (!waiting) return;
    this.#misses.delete(accountId);
    const org = this.#org;
    if (!org) return waiting.forEach((m) => m.reject(new Error('follower cache used before an org was set')));
    this.stats.queries++;
    queryFollowers(
      org,
      accountId,
      waiting.map((m) => m.openid),
    ).then(
      (rows) => waiting.forEach((m, i) => m.resolve(rows[i])),
      (err: unknown) => waiting.forEach((m) => m.reject(err)),
    );
  }
}

const key = (accountId: string, openid: string) => `${accountId}|${openid}`;

/**
 * One query for many followers of one account:
 * `_wxm_officialaccountid_value eq <id> and (wxm_openid eq 'a' or wxm_openid eq 'b')`.
 */
async function queryFollowers(org: DataverseOrg, accountId: string, openids: string[]): Promise<(StoredFollower | undefined)[]> {
  const unique = [...new Set(openids)];
  const match = unique.map((o) => `${Follower.columns.OpenId} eq ${stringLiteral(o)}`).join(' or ');
  const rows = await org.retrieveMultiple(EntitySets.Follower, {
    select: FOLLOWER_SELECT,
    filter: `${lookupValue(Follower.columns.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and (${match})`,
  });
  const found = rows.map(readFollower);
  // Dataverse compares text ignoring case; openids are case-sensitive, so an exact match is preferred.
  const pick = (openid: string) => found.find((f) => f.openid === openid) ?? found.find((f) => f.openid.toLowerCase() === openid.toLowerCase());
  return openids.map(pick);
}

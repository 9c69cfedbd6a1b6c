/**
 * Process-wide delivery state, one lane per org: the write batcher ($batch of change sets), the follower
 * query batcher (one query per account for many openids), the per-follower lock, and small memories that keep
 * the worker from repeating itself (contact look-ups, problem reports). Lanes are keyed by the org object the
 * binding hands out, so two customers never share a batch: every request of a lane goes through that org's own
 * application user.
 */
import { Follower } from '@wxm/solution/schema';
import { EntitySets } from '@wxm/solution/schema';
import type { DataverseOrg, WriteOperation, WriteOutcome } from '../../dataverse/types.js';
import { FOLLOWER_SELECT, readFollower, type StoredFollower } from './follower-row.js';
import { KeyedMutex } from './keyed-mutex.js';
import { lookupValue, requireGuid, stringLiteral } from './keys.js';
import { MicroBatcher, type BatcherStats } from './micro-batcher.js';

export interface DeliveryTuning {
  /** Operations per `$batch` before it is sent (Dataverse allows 1,000). */
  maxOperations: number;
  /** How long the first waiting write or read waits for company. */
  maxDelayMs: number;
  /** Openids per follower query (keeps the $filter URL short). */
  maxReads: number;
}

export const DEFAULT_TUNING: DeliveryTuning = { maxOperations: 100, maxDelayMs: 5, maxReads: 50 };

/** A bounded memory of key → time, oldest forgotten first. */
export class RecentMemory {
  readonly #entries = new Map<string, number>();
  constructor(readonly capacity = 10_000) {}
  get(key: string): number | undefined {
    return this.#entries.get(key);
  }
  set(key: string, at: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, at);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
}

export class OrgLane {
  readonly writes: MicroBatcher<WriteOperation[], WriteOutcome[] | undefined>;
  readonly #readers = new Map<string, MicroBatcher<string, StoredFollower | undefined>>();
  readonly followers = new KeyedMutex();
  /** When a follower without contact was last matched against Contacts (by account|openid). */
  readonly contactChecks = new RecentMemory();
  /** When a problem was last written to an account's status (by account|kind|code). */
  readonly reportedProblems = new RecentMemory(1_000);
  /** Accounts this process marked NeedsAttention; the next success clears the mark. */
  readonly flaggedAccounts = new Set<string>();

  constructor(
    readonly org: DataverseOrg,
    readonly tuning: DeliveryTuning,
  ) {
    this.writes = new MicroBatcher(
      async (changeSets) => {
        const outcomes = await org.batch(changeSets);
        return changeSets.map((_, i) => outcomes[i]);
      },
      { maxWeight: tuning.maxOperations, maxDelayMs: tuning.maxDelayMs, weight: (cs) => cs.length, maxInFlight: 2 },
    );
  }

  /** The follower row of (account, openid), read together with others asked for at about the same time. */
  readFollower(accountId: string, openid: string): Promise<StoredFollower | undefined> {
    let reader = this.#readers.get(accountId);
    if (!reader) {
      reader = new MicroBatcher((openids) => queryFollowers(this.org, accountId, openids), {
        maxWeight: this.tuning.maxReads,
        maxDelayMs: this.tuning.maxDelayMs,
        maxInFlight: 2,
      });
      this.#readers.set(accountId, reader);
    }
    return reader.submit(openid);
  }

  stats(): { writes: BatcherStats; reads: BatcherStats } {
    const reads = { flushes: 0, items: 0 };
    for (const r of this.#readers.values()) {
      reads.flushes += r.stats.flushes;
      reads.items += r.stats.items;
    }
    return { writes: { ...this.writes.stats }, reads };
  }
}

/**
 * One query for many followers of one account:
 * `_wxm_officialaccountid_value eq <id> and (wxm_openid eq 'a' or wxm_openid eq 'b')`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
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

/** The process's lanes, one per org object. */
export class DeliveryLanes {
  readonly #lanes = new WeakMap<DataverseOrg, OrgLane>();
  readonly tuning: DeliveryTuning;

  constructor(tuning: Partial<DeliveryTuning> = {}) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  lane(org: DataverseOrg): OrgLane {
    let lane = this.#lanes.get(org);
    if (!lane) this.#lanes.set(org, (lane = new OrgLane(org, this.tuning)));
    return lane;
  }
}

/**
 * What the delivery worker remembers per org between invocations of one process: the follower rows it has seen
 * (so a known follower costs no read), when a follower without Contact was last matched, which problems it last
 * wrote to an account's status, and which accounts it flagged. Kept by the org's id (never by the client object,
 * which a rotated secret replaces) in a BoundedMap, so invented orgs cannot grow memory. Transport (batching,
 * pacing) is the gateway's job: `org.submit` and the org's own pacing.
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import { BoundedMap } from '../../support/bounded-map.js';
import { FollowerCache } from './follower-cache.js';
import { MissingCodes } from './missing-codes.js';
import { OwnSteps, type OwnStepsOptions } from './own-steps.js';

export interface OrgMemory {
  /** The org client of the latest delivery (the gateway's cached client for these credentials). */
  org: DataverseOrg;
  followers: FollowerCache;
  /** When a follower without contact was last matched against Contacts (by account|openid|value). */
  contactChecks: BoundedMap<string, number>;
  /** When a problem was last written to an account's status (by account|kind|code). */
  reportedProblems: BoundedMap<string, number>;
  /** Scenes that name no code of the account (missing-codes.ts): a follow through such a scene costs no read. */
  missingCodes: MissingCodes;
  /** Accounts this process marked NeedsAttention; the next success clears the mark. */
  flaggedAccounts: Set<string>;
  /** The relay's own wxm_message Create step, which the inbound rows it writes skip (own-steps.ts); absent: never skipped. */
  ownSteps?: OwnSteps;
}

export interface DeliveryMemoryOptions {
  /** Orgs remembered at most (default 1,000) and how long an idle one is kept (default 6 h). */
  maxOrgs?: number;
  idleMs?: number;
  /** Follower rows remembered per org (default 50,000). */
  followersPerOrg?: number;
  now?: () => number;
  /**
   * Inbound message rows skip the relay's own wxm_message Create webhook step (own-steps.ts): default on; `false`
   * writes them as before (each raises a webhook call the relay ignores).
   */
  ownSteps?: Partial<OwnStepsOptions> | false;
}

export class DeliveryMemory {
  readonly #orgs: BoundedMap<string, OrgMemory>;
  readonly #followersPerOrg: number;
  readonly #ownSteps: Partial<OwnStepsOptions> | false;
  readonly #now: () => number;

  constructor(options: DeliveryMemoryOptions = {}) {
    this.#ownSteps = options.ownSteps ?? {};
    this.#now = options.now ?? Date.now;
    this.#orgs = new BoundedMap({ maxEntries: options.maxOrgs ?? 1_000, ttlMs: options.idleMs ?? 6 * 3600_000, ...(options.now && { now: options.now }) });
    this.#followersPerOrg = options.followersPerOrg ?? 50_000;
  }

  /** The memory of an org, by its organization id; `org` is the client this delivery uses. */
  of(organizationId: string, org: DataverseOrg): OrgMemory {
    const known = this.#orgs.get(organizationId);
    const memory = known ?? {
      org,
      followers: new FollowerCache({ maxEntries: this.#followersPerOrg }),
      contactChecks: new BoundedMap({ maxEntries: 10_000 }),
      reportedProblems: new BoundedMap({ maxEntries: 1_000 }),
      missingCodes: new MissingCodes(),
      flaggedAccounts: new Set<string>(),
      ...(this.#ownSteps !== false && { ownSteps: new OwnSteps(this.#now, this.#ownSteps) }),
    };
    memory.org = org;
    memory.followers.use(org);
    this.#orgs.set(organizationId, memory);
    return memory;
  }

  get size(): number {
    return this.#orgs.size;
  }
}

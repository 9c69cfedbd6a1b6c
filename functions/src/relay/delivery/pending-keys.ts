/**
 * Alternate keys the relay found not active yet, per org, learned from the errors deliveries met. After an import
 * Dataverse builds each key's index in the background; until then every upsert or bind by that key answers
 * InvalidEntityKeyOperation 0x8006088F and the delivery waits in the queue
 * (https://learn.microsoft.com/power-apps/developer/data-platform/define-alternate-keys-entity#monitor-index-creation-for-alternate-keys).
 * `/api/health` lists them so an operator sees why messages wait. In memory per process (health stays one memory
 * read), bounded per org and forgotten after an hour without a new sighting; a delivery that succeeds for an org
 * shows its keys work and clears them.
 */
import { schema } from '@wxm/solution/schema';
import { BoundedMap } from '../../support/bounded-map.js';

export interface PendingKeyReport {
  organizationId: string;
  /** `<table>.<key>` as the solution names them (or `<table>` / `unknown` when the error named none of them). */
  keys: string[];
  /** When this process first met a pending key of this org (ISO 8601). */
  since: string;
}

const KEY_NAMES: { table: string; key: string }[] = Object.values(schema.tables).flatMap((t) =>
  t.alternateKeys.map((k) => ({ table: t.logicalName, key: k.logicalName })),
);
const TABLE_NAMES = Object.values(schema.tables).map((t) => t.logicalName);

/** The solution key an error message names; Dataverse's detail text is not documented, so match by name only. */
export function pendingKeyOf(message: string): string {
  const key = KEY_NAMES.find((k) => message.includes(k.key));
  if (key) return `${key.table}.${key.key}`;
  return [...TABLE_NAMES].sort((a, b) => b.length - a.length).find((t) => message.includes(t)) ?? 'unknown';
}

const MAX_ORGS = 1_000;

export class PendingKeys {
  readonly #byOrg: BoundedMap<string, { since: number; keys: Set<string> }>;
  /** The orgs in #byOrg, for the report (BoundedMap does not iterate); pruned as entries expire or drop out. */
  #orgs: string[] = [];

  constructor(private readonly now: () => number = Date.now) {
    this.#byOrg = new BoundedMap({ maxEntries: MAX_ORGS, ttlMs: 60 * 60 * 1000, now });
  }

  /** A delivery for this org met a key that is not active (the error's message, never stored). */
  met(organizationId: string, errorMessage: string): void {
    const org = organizationId.toLowerCase();
    const entry = this.#byOrg.get(org) ?? { since: this.now(), keys: new Set<string>() };
    if (entry.keys.size < 32) entry.keys.add(pendingKeyOf(errorMessage));
    this.#byOrg.set(org, entry);
    this.#orgs = [...this.#orgs.filter((o) => o !== org), org].slice(-MAX_ORGS);
  }

  /** A delivery for this org went through: its keys are active. */
  delivered(organizationId: string): void {
    const org = organizationId.toLowerCase();
    if (!this.#byOrg.delete(org)) return;
    this.#orgs = this.#orgs.filter((o) => o !== org);
  }

  report(): PendingKeyReport[] {
    const out: PendingKeyReport[] = [];
    const live: string[] = [];
    for (const organizationId of this.#orgs) {
      const entry = this.#byOrg.get(organizationId);
      if (!entry) continue;
      live.push(organizationId);
      out.push({ organizationId, keys: [...entry.keys].sort(), since: new Date(entry.since).toISOString() });
    }
    this.#orgs = live;
    return out;
  }
}

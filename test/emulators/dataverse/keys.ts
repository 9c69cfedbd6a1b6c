/**
 * Alternate keys as an import leaves them. The key definition is created with the solution, but its unique index
 * is built afterwards by a system job, so the key is Pending (then In Progress) until it becomes Active, or Failed
 * when the existing rows hold duplicates; meanwhile the key cannot be used to address rows and does not enforce
 * uniqueness. https://learn.microsoft.com/power-apps/developer/data-platform/define-alternate-keys-entity#monitor-index-creation-for-alternate-keys
 *
 * Using a key that is not active answers InvalidEntityKeyOperation 0x8006088F, "Invalid EntityKey Operation
 * performed : {0}" (web-service-error-codes). The detail text after the colon and the HTTP status (400) are the
 * emulator's: no public capture of that answer was found.
 */
import { DataverseError } from './errors.js';
import type { Metadata, TableMeta } from './metadata.js';
import { keyString, type Store } from './store.js';

export type KeyIndexStatus = 'Pending' | 'Active' | 'Failed';

export interface KeyActivationOptions {
  /** How long after the emulator starts the keys become active (default 0: active at once). */
  activationDelayMs?: number;
  /** Keys (logical names) that start pending; default: every alternate key of every table. */
  pending?: string[];
}

export const keyNotActive = (table: string, keyName: string, status: KeyIndexStatus) =>
  new DataverseError(
    400,
    '0x8006088F',
    `Invalid EntityKey Operation performed : Entity Key ${keyName} of entity ${table} is not active (EntityKeyIndexStatus: ${status}); its index is still being created.`,
  );

export class KeyIndexes {
  private readonly activeAt = new Map<string, number>();
  private readonly settled = new Map<string, KeyIndexStatus>();

  constructor(
    private readonly meta: Metadata,
    private readonly store: Store,
    private readonly now: () => number,
    options: KeyActivationOptions = {},
  ) {
    const delay = options.activationDelayMs ?? 0;
    if (delay <= 0) return;
    const pending = options.pending ? new Set(options.pending) : undefined;
    for (const table of meta.tables.values()) {
      for (const key of table.alternateKeys) {
        if (!pending || pending.has(key.logicalName)) this.activeAt.set(`${table.logicalName}|${key.logicalName}`, now() + delay);
      }
    }
  }

  /** The key's index status now; a key turns Failed instead of Active when its rows hold duplicate values. */
  status(table: TableMeta, keyName: string): KeyIndexStatus {
    const id = `${table.logicalName}|${keyName}`;
    const settled = this.settled.get(id);
    if (settled) return settled;
    const at = this.activeAt.get(id);
    if (at === undefined) return 'Active';
    if (this.now() < at) return 'Pending';
    const status = this.hasDuplicates(table, keyName) ? 'Failed' : 'Active';
    this.settled.set(id, status);
    if (status === 'Active') this.store.rebuildKey(table, keyName);
    return status;
  }

  /** Ends every wait now (what the index jobs finishing looks like). */
  activateAll(): void {
    for (const id of this.activeAt.keys()) this.activeAt.set(id, Number.NEGATIVE_INFINITY);
  }

  /** Every key with its status, `<table>.<key>` → status. */
  report(): Record<string, KeyIndexStatus> {
    const out: Record<string, KeyIndexStatus> = {};
    for (const table of this.meta.tables.values())
      for (const key of table.alternateKeys) out[`${table.logicalName}.${key.logicalName}`] = this.status(table, key.logicalName);
    return out;
  }

  /** Throws Dataverse's answer when a request addresses rows by a key that is not active. */
  requireActive(table: TableMeta, keyName: string): void {
    const status = this.status(table, keyName);
    if (status !== 'Active') throw keyNotActive(table.logicalName, keyName, status);
  }

  /** Whether the key's unique index exists yet (only then are duplicate values refused). */
  enforced(table: TableMeta, keyName: string): boolean {
    return this.status(table, keyName) === 'Active';
  }

  private hasDuplicates(table: TableMeta, keyName: string): boolean {
    const key = table.alternateKeys.find((k) => k.logicalName === keyName);
    if (!key) return false;
    const seen = new Set<string>();
    for (const row of this.store.all(table)) {
      const k = keyString(key.columns, row.values);
      if (k === undefined) continue;
      if (seen.has(k)) return true;
      seen.add(k);
    }
    return false;
  }
}

/**
 * In-memory rows of one org. Every write gets a new row version (the ETag's number) and keeps the alternate-key
 * indexes current. `transaction` gives change sets their all-or-nothing behaviour: writes are recorded in an undo
 * log and replayed backwards when the change set fails. Operations are synchronous, so a change set is never
 * interleaved with another request.
 */
import type { TableMeta } from './metadata.js';
import { duplicateKey } from './errors.js';

export interface LookupValue {
  id: string;
  table: string;
}
export type Value = string | number | boolean | null | LookupValue;

export interface StoredRow {
  id: string;
  version: number;
  values: Record<string, Value>;
}

type Undo = { table: TableMeta; id: string; before: StoredRow | undefined };

export const isLookup = (v: Value | undefined): v is LookupValue => typeof v === 'object' && v !== null;

export class Store {
  private readonly tables = new Map<string, Map<string, StoredRow>>();
  /** `<table>|<key name>` → key values → row id. */
  private readonly keyIndex = new Map<string, Map<string, string>>();
  /** `<table>|<column>` → value → row ids, for the columns `indexColumn` named (N:N intersect columns). */
  private readonly columnIndex = new Map<string, Map<string, Set<string>>>();
  private version = 1000;
  private undo: Undo[] | null = null;
  /** Whether a key's unique index exists (keys.ts: a key whose index is still being built enforces nothing). */
  keyEnforced: (table: TableMeta, keyName: string) => boolean = () => true;

  private rowsOf(table: string): Map<string, StoredRow> {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    return rows;
  }

  get(table: TableMeta, id: string): StoredRow | undefined {
    return this.rowsOf(table.logicalName).get(id.toLowerCase());
  }

  all(table: TableMeta): StoredRow[] {
    return [...this.rowsOf(table.logicalName).values()];
  }

  /**
   * Keeps an index of a column's values from now on (rows already there included), so lookups of the rows paired
   * with one row do not scan every pairing of the table, as SQL's index on an intersect column does not.
   */
  indexColumn(table: TableMeta, column: string): void {
    const name = `${table.logicalName}|${column}`;
    if (this.columnIndex.has(name)) return;
    const index = new Map<string, Set<string>>();
    this.columnIndex.set(name, index);
    for (const row of this.all(table)) addTo(index, row.values[column], row.id);
  }

  /** Ids of the rows whose indexed column holds `value`; undefined when the column is not indexed. */
  idsWhere(table: TableMeta, column: string, value: string): ReadonlySet<string> | undefined {
    const index = this.columnIndex.get(`${table.logicalName}|${column}`);
    return index && (index.get(value.toLowerCase()) ?? new Set());
  }

  nextVersion(): number {
    return ++this.version;
  }

  /** The row holding these alternate-key values, if any. */
  findByKey(table: TableMeta, keyName: string, values: Record<string, Value>): StoredRow | undefined {
    const key = table.alternateKeys.find((k) => k.logicalName === keyName);
    if (!key) return undefined;
    const id = this.keyIndex.get(`${table.logicalName}|${keyName}`)?.get(keyString(key.columns, values) ?? '');
    return id ? this.get(table, id) : undefined;
  }

  /** Inserts or replaces a row, rejecting a clash with another row's alternate key (Dataverse's unique index). */
  put(table: TableMeta, row: StoredRow): void {
    const before = this.get(table, row.id);
    for (const key of table.alternateKeys) {
      const k = keyString(key.columns, row.values);
      if (k === undefined || !this.keyEnforced(table, key.logicalName)) continue;
      const owner = this.keyIndex.get(`${table.logicalName}|${key.logicalName}`)?.get(k);
      if (owner && owner !== row.id) throw duplicateKey(key.logicalName, key.columns);
    }
    this.undo?.push({ table, id: row.id, before });
    this.write(table, row.id, before, row);
  }

  remove(table: TableMeta, id: string): void {
    const before = this.get(table, id);
    if (!before) return;
    this.undo?.push({ table, id: before.id, before });
    this.write(table, before.id, before, undefined);
  }

  private write(table: TableMeta, id: string, before: StoredRow | undefined, after: StoredRow | undefined): void {
    for (const key of table.alternateKeys) {
      const index = this.keyIndex.get(`${table.logicalName}|${key.logicalName}`) ?? new Map<string, string>();
      this.keyIndex.set(`${table.logicalName}|${key.logicalName}`, index);
      const old = before && keyString(key.columns, before.values);
      if (old !== undefined && index.get(old) === id) index.delete(old);
      const next = after && keyString(key.columns, after.values);
      if (next !== undefined) index.set(next, id);
    }
    for (const [name, index] of this.columnIndex) {
      const [t, column = ''] = name.split('|');
      if (t !== table.logicalName) continue;
      if (before) index.get(indexValue(before.values[column]) ?? '')?.delete(id);
      if (after) addTo(index, after.values[column], id);
    }
    const rows = this.rowsOf(table.logicalName);
    if (after) rows.set(id, after);
    else rows.delete(id);
  }

  /** Re-indexes one key from the rows (once its index is built, after a time it did not enforce uniqueness). */
  rebuildKey(table: TableMeta, keyName: string): void {
    const key = table.alternateKeys.find((k) => k.logicalName === keyName);
    if (!key) return;
    const index = new Map<string, string>();
    for (const row of this.all(table)) {
      const k = keyString(key.columns, row.values);
      if (k !== undefined) index.set(k, row.id);
    }
    this.keyIndex.set(`${table.logicalName}|${keyName}`, index);
  }

  /** Runs `fn`; if it throws, every write it made is undone before the error propagates. */
  transaction<T>(fn: () => T): T {
    if (this.undo) return fn();
    this.undo = [];
    try {
      const result = fn();
      this.undo = null;
      return result;
    } catch (e) {
      const log = this.undo ?? [];
      this.undo = null;
      for (const step of log.reverse()) this.write(step.table, step.id, this.get(step.table, step.id), step.before);
      throw e;
    }
  }
}

const indexValue = (v: Value | undefined): string | undefined =>
  v === null || v === undefined ? undefined : isLookup(v) ? v.id.toLowerCase() : String(v).toLowerCase();

function addTo(index: Map<string, Set<string>>, v: Value | undefined, id: string): void {
  const key = indexValue(v);
  if (key === undefined) return;
  const ids = index.get(key) ?? new Set<string>();
  ids.add(id);
  index.set(key, ids);
}

/** Keys with a null part are not indexed, as SQL unique indexes on Dataverse keys ignore incomplete keys. */
export function keyString(columns: string[], values: Record<string, Value>): string | undefined {
  const parts: string[] = [];
  for (const c of columns) {
    const v = values[c];
    if (v === null || v === undefined) return undefined;
    parts.push(isLookup(v) ? v.id.toLowerCase() : typeof v === 'string' ? v.toLowerCase() : String(v));
  }
  return JSON.stringify(parts);
}

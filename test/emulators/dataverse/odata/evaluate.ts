/**
 * Evaluates a parsed $filter against a stored row. Text comparisons ignore case, as Dataverse's SQL collation does.
 */
import type { TableMeta } from '../metadata.js';
import { isLookup, type StoredRow } from '../store.js';
import type { Filter, PropertyRef } from './filter.js';
import type { Literal } from './literals.js';

type Scalar = string | number | boolean | null;

function valueOf(table: TableMeta, row: StoredRow, p: PropertyRef): Scalar {
  if (p.name === table.primaryId) return row.id;
  const v = row.values[p.column.logicalName] ?? null;
  if (isLookup(v)) return v.id;
  if (p.edm === 'Edm.DateTimeOffset' && typeof v === 'string') return parseDate(v);
  return v;
}

/** Date.parse of stored dates, remembered: a count over 1,000,000 rows compares the same few thousand values. */
const parsedDates = new Map<string, number>();
function parseDate(text: string): number {
  let ms = parsedDates.get(text);
  if (ms === undefined) {
    if (parsedDates.size > 100_000) parsedDates.clear();
    ms = Date.parse(text);
    parsedDates.set(text, ms);
  }
  return ms;
}

function literalValue(l: Literal): Scalar {
  return l.kind === 'null' ? null : l.value;
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

export function matches(table: TableMeta, row: StoredRow, f: Filter): boolean {
  switch (f.type) {
    case 'and':
      return matches(table, row, f.left) && matches(table, row, f.right);
    case 'or':
      return matches(table, row, f.left) || matches(table, row, f.right);
    case 'not':
      return !matches(table, row, f.expr);
    case 'ids':
      return f.ids.has(row.id);
    case 'related':
      throw new Error('a related-rows filter must be bound to its rows first (odata/candidates.ts)');
    case 'call': {
      const v = valueOf(table, row, f.property);
      if (typeof v !== 'string') return false;
      const hay = v.toLowerCase();
      const needle = f.text.toLowerCase();
      return f.fn === 'contains' ? hay.includes(needle) : f.fn === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
    }
    case 'compare': {
      const a = valueOf(table, row, f.property);
      const b = literalValue(f.literal);
      if (a === null || b === null) {
        if (f.op === 'eq') return a === b;
        if (f.op === 'ne') return a !== b;
        return false;
      }
      const c = compare(a, b);
      switch (f.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        case 'le':
          return c <= 0;
      }
    }
  }
}

/** Orders rows by `$orderby` terms (nulls first ascending, as SQL Server sorts them). */
export function sortRows(table: TableMeta, rows: StoredRow[], terms: { property: PropertyRef; desc: boolean }[]): StoredRow[] {
  if (!terms.length) return rows;
  return [...rows].sort((r1, r2) => {
    for (const t of terms) {
      const a = valueOf(table, r1, t.property);
      const b = valueOf(table, r2, t.property);
      let c = a === b ? 0 : a === null ? -1 : b === null ? 1 : compare(a, b);
      if (t.desc) c = -c;
      if (c !== 0) return c;
    }
    return 0;
  });
}

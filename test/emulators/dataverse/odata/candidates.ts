/**
 * The rows a query has to look at, found the way SQL's indexes find them instead of by scanning the table: the rows
 * paired with one row (a `<nav>/any(…)` filter, through the intersect table's column index), or the rows an
 * alternate key pins (every key column equal to one value, or one of a list, as `(wxm_openid eq 'a' or wxm_openid eq
 * 'b') and _wxm_officialaccountid_value eq <id>` does). Only speed: the full filter is still evaluated on every
 * candidate, so the answer is the same as a scan's. A key whose index is not built yet (Pending) is not used.
 */
import type { TableMeta } from '../metadata.js';
import type { Scope } from '../api/types.js';
import type { StoredRow, Value } from '../store.js';
import type { Filter } from './filter.js';

/** The filter with each `related` node replaced by the ids of the rows paired with its row. */
export function bindRelated(scope: Scope, f: Filter): Filter {
  switch (f.type) {
    case 'and':
    case 'or':
      return { type: f.type, left: bindRelated(scope, f.left), right: bindRelated(scope, f.right) };
    case 'not':
      return { type: 'not', expr: bindRelated(scope, f.expr) };
    case 'related': {
      const { association, relatedId } = f;
      const intersect = scope.meta.table(association.intersect);
      const pairs = scope.store.idsWhere(intersect, association.otherColumn, relatedId) ?? new Set(scope.store.all(intersect).map((p) => p.id));
      const ids = new Set<string>();
      for (const pairId of pairs) {
        const pair = scope.store.get(intersect, pairId);
        if (pair && pair.values[association.otherColumn] === relatedId) ids.add(String(pair.values[association.ownColumn]));
      }
      return { type: 'ids', ids };
    }
    default:
      return f;
  }
}

const conjuncts = (f: Filter): Filter[] => (f.type === 'and' ? [...conjuncts(f.left), ...conjuncts(f.right)] : [f]);

/** The values an `eq` or an or-of-`eq` on one column pins it to, by column logical name. */
function pinned(f: Filter): { column: string; values: Value[] } | undefined {
  if (f.type === 'compare' && f.op === 'eq' && (f.literal.kind === 'string' || f.literal.kind === 'guid' || f.literal.kind === 'number')) {
    return { column: f.property.column.logicalName, values: [f.literal.value] };
  }
  if (f.type !== 'or') return undefined;
  const left = pinned(f.left);
  const right = pinned(f.right);
  return left && right && left.column === right.column ? { column: left.column, values: [...left.values, ...right.values] } : undefined;
}

const MAX_SEEKS = 10_000;

export function candidates(scope: Scope, table: TableMeta, filter: Filter | undefined): StoredRow[] {
  if (!filter) return scope.store.all(table);
  const parts = conjuncts(filter);
  const ids = parts.find((p) => p.type === 'ids');
  if (ids?.type === 'ids') return [...ids.ids].map((id) => scope.store.get(table, id)).filter((r): r is StoredRow => r !== undefined);
  const pins = new Map<string, Value[]>();
  for (const p of parts) {
    const pin = pinned(p);
    if (pin && !pins.has(pin.column)) pins.set(pin.column, pin.values);
  }
  for (const key of table.alternateKeys) {
    if (!key.columns.every((c) => pins.has(c)) || !scope.store.keyEnforced(table, key.logicalName)) continue;
    let combos: Record<string, Value>[] = [{}];
    for (const c of key.columns) combos = combos.flatMap((combo) => (pins.get(c) ?? []).map((v) => ({ ...combo, [c]: v })));
    if (combos.length > MAX_SEEKS) continue;
    const found = new Map<string, StoredRow>();
    for (const combo of combos) {
      const row = scope.store.findByKey(table, key.logicalName, combo);
      if (row) found.set(row.id, row);
    }
    return [...found.values()];
  }
  return scope.store.all(table);
}

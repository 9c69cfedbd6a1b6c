/**
 * Key segments: `(guid)`, `(primaryid=guid)` or alternate keys `(a='x',_lookup_value=guid)`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-alternate-key-reference-record
 */
import type { TableMeta } from '../metadata.js';
import type { Value } from '../store.js';
import { badRequest, invalidKey } from '../errors.js';
import { parseBareLiteral, readQuoted, type Literal } from './literals.js';

export type RowKey = { kind: 'id'; id: string } | { kind: 'alternate'; keyName: string; values: Record<string, Value> };

function splitPairs(text: string): [string, Literal][] {
  const pairs: [string, Literal][] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw badRequest(`Bad Request - Error in query syntax. (${text})`);
    const name = text.slice(i, eq).trim();
    let literal: Literal | undefined;
    let next: number;
    if (text[eq + 1] === "'") {
      const q = readQuoted(text, eq + 1);
      if (!q) throw badRequest(`Unterminated string literal in key segment '${text}'.`);
      literal = { kind: 'string', value: q.value };
      next = q.end;
    } else {
      const comma = text.indexOf(',', eq);
      next = comma < 0 ? text.length : comma;
      literal = parseBareLiteral(text.slice(eq + 1, next).trim());
    }
    if (!literal) throw badRequest(`Bad Request - Error in query syntax. (${text})`);
    pairs.push([name, literal]);
    i = text[next] === ',' ? next + 1 : next;
  }
  return pairs;
}

export function parseKey(table: TableMeta, inner: string): RowKey {
  const trimmed = inner.trim();
  const bare = parseBareLiteral(trimmed);
  if (bare?.kind === 'guid') return { kind: 'id', id: bare.value };
  const pairs = splitPairs(trimmed);
  if (pairs.length === 1 && pairs[0]?.[0] === table.primaryId && pairs[0][1].kind === 'guid') return { kind: 'id', id: pairs[0][1].value };
  const values: Record<string, Value> = {};
  for (const [name, literal] of pairs) {
    const lookup = table.lookupProperties.get(name);
    const column = lookup ?? table.columns.get(name);
    // A lookup is addressed only by its `_x_value` property, never by its logical name.
    if (!column || (!lookup && (column.type === 'lookup' || column.type === 'owner'))) throw invalidKey(table.logicalName);
    if (lookup) {
      if (literal.kind !== 'guid') throw invalidKey(table.logicalName);
      values[lookup.logicalName] = { id: literal.value, table: lookup.targets?.[0] ?? '' };
    } else if (literal.kind === 'string' || literal.kind === 'number' || literal.kind === 'boolean' || literal.kind === 'guid') {
      values[column.logicalName] = literal.value;
    } else throw invalidKey(table.logicalName);
  }
  const names = Object.keys(values).sort();
  const key = table.alternateKeys.find((k) => k.columns.length === names.length && [...k.columns].sort().every((c, i) => c === names[i]));
  if (!key) throw invalidKey(table.logicalName);
  return { kind: 'alternate', keyName: key.logicalName, values };
}

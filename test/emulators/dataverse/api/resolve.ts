/**
 * Finding rows: key segments, `@odata.bind` references and Content-ID references, plus the table-level privilege
 * check every operation makes first (https://learn.microsoft.com/power-platform/admin/security-roles-privileges).
 */
import type { TableMeta } from '../metadata.js';
import type { LookupValue, StoredRow } from '../store.js';
import { DataverseError, recordNotFound, recordNotFoundByKey, resourceNotFound } from '../errors.js';
import { tableDepth } from '../security/access.js';
import { parseKey, type RowKey } from '../odata/key.js';
import type { Scope } from './types.js';

export type Privilege = 'Create' | 'Read' | 'Write' | 'Delete';

/** The table-level check every operation makes first (roles, depth and rows: security/access.ts). */
export function authorize(scope: Scope, table: TableMeta, privilege: Privilege): void {
  tableDepth(scope, table, privilege);
}

export function entitySet(scope: Scope, name: string): TableMeta {
  const table = scope.meta.bySet.get(name);
  if (!table) throw resourceNotFound(name);
  return table;
}

export function findRow(scope: Scope, table: TableMeta, key: RowKey): StoredRow | undefined {
  if (key.kind === 'id') return scope.store.get(table, key.id);
  // A key whose index is still being built cannot address rows (seeding by the test itself may).
  if (!scope.caller.system) scope.keys.requireActive(table, key.keyName);
  return scope.store.findByKey(table, key.keyName, key.values);
}

export function notFound(table: TableMeta, key: RowKey): DataverseError {
  return key.kind === 'id' ? recordNotFound(table.logicalName, key.id) : recordNotFoundByKey(table.logicalName);
}

/** Splits `set(key)` into its parts; undefined when the text is not of that form. */
export function splitEntityPath(path: string): { set: string; key?: string; rest: string[] } {
  const [head = '', ...rest] = path.split('/');
  const open = head.indexOf('(');
  if (open < 0) return { set: head, rest };
  if (!head.endsWith(')')) throw resourceNotFound(head);
  return { set: head.slice(0, open), key: head.slice(open + 1, -1), rest };
}

/** Reduces an absolute or relative entity URL to the path below the service root. */
export function relativePath(scope: Scope, reference: string): string {
  let ref = reference;
  if (ref.startsWith('$')) {
    const [id = '', ...rest] = ref.slice(1).split('/');
    const url = scope.contentIds.get(id);
    if (!url) throw new DataverseError(400, '0x0', `Content-ID Reference: '$${id}' does not exist in the batch context.`);
    ref = [url, ...rest].join('/');
  }
  const m = /\/api\/data\/v\d+\.\d+\/(.*)$/.exec(ref);
  if (m?.[1] !== undefined) return m[1];
  return ref.replace(/^\//, '');
}

/** Resolves an `@odata.bind` value to the row it names, which must belong to the navigation's target table. */
export function resolveBind(scope: Scope, reference: string, expected: string[]): LookupValue {
  const { set, key } = splitEntityPath(decodeURIComponent(relativePath(scope, reference)));
  const table = entitySet(scope, set);
  if (!expected.includes(table.logicalName) || key === undefined) {
    throw new DataverseError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'', ---->  InnerException : Microsoft.OData.ODataException: The entity set '${set}' of the bound entity is not compatible with the navigation property target '${expected.join(', ')}'.`,
    );
  }
  const parsed = parseKey(table, key);
  const row = findRow(scope, table, parsed);
  if (!row) throw notFound(table, parsed);
  return { id: row.id, table: table.logicalName };
}

export function entityUrl(scope: Scope, table: TableMeta, id: string): string {
  return `${scope.serviceRoot}${table.entitySetName}(${id})`;
}

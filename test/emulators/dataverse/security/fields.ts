/**
 * Field security: a column secured by field-level security is readable and writable only through a field security
 * profile that allows it (read, update, create separately); System Administrators see every secured column.
 * Without read permission the column comes back null; writing it without create or update permission is refused
 * (AttributePrivilegeCreateIsMissing 0x8004F502, AttributePermissionUpdateIsMissingDuringUpdate 0x8004F507).
 * https://learn.microsoft.com/power-platform/admin/field-level-security
 * https://learn.microsoft.com/power-apps/developer/data-platform/field-security-entities
 * Callers with roles are checked; 'all' (administrators) and flat privilege lists are not (see access.ts).
 */
import type { TableMeta } from '../metadata.js';
import { securedFieldRefused } from '../errors.js';
import type { Value } from '../store.js';
import type { Scope } from '../api/types.js';

function permission(scope: Scope, table: TableMeta, column: string) {
  return scope.caller.access?.fields.get(`${table.logicalName}.${column}`) ?? { read: false, update: false, create: false };
}

const checked = (scope: Scope) => !scope.caller.system && scope.caller.access !== undefined;

const secured = (table: TableMeta) => [...table.columns.values()].filter((c) => c.secured).map((c) => c.logicalName);

/** Whether the caller may read this column (always true for columns that are not secured). */
export function mayReadColumn(scope: Scope, table: TableMeta, column: string): boolean {
  if (!checked(scope) || !table.columns.get(column)?.secured) return true;
  return permission(scope, table, column).read;
}

/** Nulls the secured columns the caller may not read, in a row as the Web API returns it. */
export function maskSecured(scope: Scope, table: TableMeta, row: Record<string, unknown>): Record<string, unknown> {
  if (!checked(scope)) return row;
  for (const column of secured(table)) if (column in row && !permission(scope, table, column).read) row[column] = null;
  return row;
}

/** Refuses a create or update that sets a secured column the caller's profiles do not allow it to set. */
export function checkSecuredWrite(scope: Scope, table: TableMeta, values: Record<string, Value>, operation: 'create' | 'update'): void {
  if (!checked(scope)) return;
  for (const column of secured(table)) {
    if (!(column in values)) continue;
    if (operation === 'create' && values[column] === null) continue;
    const allowed = permission(scope, table, column);
    if (operation === 'create' ? !allowed.create : !allowed.update) throw securedFieldRefused(operation);
  }
}

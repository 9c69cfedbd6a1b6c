/**
 * Privilege checks for every operation, with depth and Append/AppendTo, as Dataverse applies them to a caller with
 * security roles (https://learn.microsoft.com/power-platform/admin/security-roles-privileges):
 * - a privilege the caller's roles do not grant at all: 403 0x80040220 "Principal user … is missing prv… privilege";
 * - a privilege held at a depth that does not reach the row: 403 0x80040220 "SecLib::AccessCheckEx failed …".
 *   User-owned tables: Basic reaches rows the caller owns, Local and Deep rows owned in the caller's business unit
 *   (the emulator's org has one business unit, so Deep is Local), Global every row. Organization-owned tables have
 *   no owner: holding the privilege at all is holding it for every row (their only depth is Organization);
 * - setting a lookup needs Append on the row being written and AppendTo on the row it points at;
 * - reads of many rows leave out the rows the caller's Read depth does not reach.
 * Callers without roles keep the emulator's older models: privileges 'all' (a System Administrator: everything) or
 * a flat list of `prv<Create|Read|Write|Delete><table>` names (organization-wide, Append/AppendTo not checked).
 */
import type { TableMeta } from '../metadata.js';
import { accessCheckFailed, missingPrivilege, noRolesAssigned } from '../errors.js';
import { isLookup, type LookupValue, type StoredRow, type Value } from '../store.js';
import type { Scope } from '../api/types.js';
import { depthOf, privilegeName, type Action, type Depth } from './roles.js';

/** Lookups the platform sets itself (owner, creator, business unit): not subject to Append/AppendTo here. */
const PLATFORM_LOOKUPS = new Set(['ownerid', 'owninguser', 'owningteam', 'owningbusinessunit', 'createdby', 'modifiedby', 'organizationid']);

const RIGHTS: Record<Action, string> = {
  Create: 'CreateAccess',
  Read: 'ReadAccess',
  Write: 'WriteAccess',
  Delete: 'DeleteAccess',
  Append: 'AppendAccess',
  AppendTo: 'AppendToAccess',
  Assign: 'AssignAccess',
  Share: 'ShareAccess',
};

/** The depth at which the caller may perform `action` on `table`; throws Dataverse's answer when it may not at all. */
export function tableDepth(scope: Scope, table: TableMeta, action: Action): Depth {
  const { caller } = scope;
  if (caller.system) return 'Global';
  const name = privilegeName(action, table.logicalName);
  // Platform tables such as sdkmessage are written by Dataverse itself, never by an application user; pointing a
  // row at one (AppendTo: a binding at a user) is a privilege roles grant (prvAppendToUser).
  if (table.platformOwned && action !== 'Read' && action !== 'AppendTo')
    throw missingPrivilege(caller.systemUserId, name, table.logicalName, table.objectTypeCode);
  if (caller.access) {
    if (caller.access.roleCount === 0) throw noRolesAssigned(caller.systemUserId);
    const depth = depthOf(caller.access, action, table.logicalName);
    if (!depth) throw missingPrivilege(caller.systemUserId, name, table.logicalName, table.objectTypeCode, caller.access);
    return depth;
  }
  const legacyChecked = action === 'Create' || action === 'Read' || action === 'Write' || action === 'Delete';
  if (legacyChecked && caller.privileges !== 'all' && !caller.privileges.has(name))
    throw missingPrivilege(caller.systemUserId, name, table.logicalName, table.objectTypeCode);
  return 'Global';
}

function ownerOf(row: StoredRow): LookupValue | undefined {
  const owner = row.values.ownerid;
  return isLookup(owner) ? owner : undefined;
}

function businessUnitOf(scope: Scope, row: StoredRow, owner: LookupValue | undefined): string {
  const own = row.values.owningbusinessunit;
  if (isLookup(own)) return own.id;
  const user = owner && owner.table === 'systemuser' ? scope.store.get(scope.meta.table('systemuser'), owner.id) : undefined;
  const bu = user?.values.businessunitid;
  return isLookup(bu) ? bu.id : scope.org.businessUnitId;
}

/** Whether a privilege held at `depth` reaches this row. */
export function reaches(scope: Scope, table: TableMeta, depth: Depth, row: StoredRow): boolean {
  if (table.ownership !== 'UserOwned' || depth === 'Global') return true;
  const owner = ownerOf(row);
  if (!owner) return true;
  if (depth === 'Basic') return owner.table === 'systemuser' && owner.id === scope.caller.systemUserId;
  return businessUnitOf(scope, row, owner) === (scope.caller.businessUnitId ?? scope.org.businessUnitId);
}

/** `action` on this existing row, or Dataverse's 403. */
export function checkRow(scope: Scope, table: TableMeta, action: Action, row: StoredRow): void {
  const depth = tableDepth(scope, table, action);
  if (reaches(scope, table, depth, row)) return;
  const owner = ownerOf(row);
  throw accessCheckFailed(
    { id: row.id, ownerId: owner?.id ?? '', businessUnitId: businessUnitOf(scope, row, owner) },
    scope.caller.systemUserId,
    table.objectTypeCode,
    RIGHTS[action],
  );
}

/** For queries: which rows the caller's Read privilege reaches (throws when it holds none). */
export function readableBy(scope: Scope, table: TableMeta): (row: StoredRow) => boolean {
  const depth = tableDepth(scope, table, 'Read');
  return (row) => reaches(scope, table, depth, row);
}

/**
 * Lookups being set on `row` (the row as it will be, for a create): Append on the row, AppendTo on each target.
 * Only for callers with roles; admins and flat privilege lists are not checked for Append/AppendTo.
 */
export function checkAppends(scope: Scope, table: TableMeta, values: Record<string, Value>, row: StoredRow): void {
  if (scope.caller.system || !scope.caller.access) return;
  let appended = false;
  for (const [column, value] of Object.entries(values)) {
    if (!isLookup(value) || PLATFORM_LOOKUPS.has(column)) continue;
    if (!appended) {
      checkRow(scope, table, 'Append', row);
      appended = true;
    }
    const target = scope.meta.tables.get(value.table);
    const targetRow = target && scope.store.get(target, value.id);
    if (target && targetRow) checkRow(scope, target, 'AppendTo', targetRow);
  }
}

/**
 * A row created with an owner other than the caller is created, then assigned: the caller needs the Assign
 * privilege on the table (prvAssign<table>), as an AssignRequest or an ownerid update would.
 * https://learn.microsoft.com/power-apps/developer/data-platform/security-sharing-assigning#assigning-records
 */
export function checkOwnerOnCreate(scope: Scope, table: TableMeta, values: Record<string, Value>): void {
  if (scope.caller.system || !scope.caller.access || table.ownership !== 'UserOwned') return;
  const owner = values.ownerid;
  if (!isLookup(owner) || (owner.table === 'systemuser' && owner.id === scope.caller.systemUserId)) return;
  tableDepth(scope, table, 'Assign');
}

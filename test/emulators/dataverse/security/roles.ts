/**
 * Security roles and field security profiles as the solution ships them (solution/src/roles, solution/src/security),
 * turned into what one caller may do: the deepest depth per privilege over all its roles, and per secured column
 * the union of its profiles' permissions.
 * https://learn.microsoft.com/power-platform/admin/security-roles-privileges
 * https://learn.microsoft.com/power-platform/admin/field-level-security
 */
import type { Depth, FieldSecurityProfileDef, RoleDef, TablePrivilegesDef } from '../../../../solution/src/dsl/types-components.js';

export type { Depth };

/** Dataverse's record-level privileges (the ones a role grants per table). */
export type Action = 'Create' | 'Read' | 'Write' | 'Delete' | 'Append' | 'AppendTo' | 'Assign' | 'Share';

export interface FieldPermission {
  read: boolean;
  update: boolean;
  create: boolean;
}

/** What a caller holds through its roles and field security profiles. */
export interface RoleAccess {
  roleCount: number;
  privilegeCount: number;
  /** `<Action>|<table logical name>` → deepest depth granted. */
  grants: Map<string, Depth>;
  /** `<table>.<column>` → what the caller's profiles allow on that secured column. */
  fields: Map<string, FieldPermission>;
  /** Privileges that belong to no table (e.g. prvBypassCustomBusinessLogic), by name. */
  named: Set<string>;
}

export interface SecurityCatalog {
  roles: RoleDef[];
  fieldSecurityProfiles: FieldSecurityProfileDef[];
}

const RANK: Record<Depth, number> = { Basic: 1, Local: 2, Deep: 3, Global: 4 };

const TABLE_ACTIONS: [keyof TablePrivilegesDef, Action][] = [
  ['create', 'Create'],
  ['read', 'Read'],
  ['write', 'Write'],
  ['delete', 'Delete'],
  ['append', 'Append'],
  ['appendTo', 'AppendTo'],
  ['assign', 'Assign'],
  ['share', 'Share'],
];

/** Platform tables whose privilege names differ from their logical names (prvReadNote: annotation, prvReadUser: systemuser, prvReadQuery: savedquery). */
const PLATFORM_NAMES: Record<string, string> = { note: 'annotation', user: 'systemuser', query: 'savedquery' };

/** `prvAppendToContact` → ['AppendTo', 'contact']; AppendTo is tried before Append. */
export function parsePrivilege(name: string): [Action, string] | undefined {
  const m = /^prv(Create|Read|Write|Delete|AppendTo|Append|Assign|Share)(.+)$/.exec(name);
  if (!m?.[1] || !m[2]) return undefined;
  const entity = m[2].toLowerCase();
  return [m[1] as Action, PLATFORM_NAMES[entity] ?? entity];
}

/** The emulator's privilege names use the logical name (`prvCreatewxm_message`); Dataverse's use the schema name. */
export const privilegeName = (action: Action, table: string) => `prv${action}${table}`;

const grantKey = (action: Action, table: string) => `${action}|${table}`;

function grant(grants: Map<string, Depth>, action: Action, table: string, depth: Depth): void {
  const key = grantKey(action, table);
  const held = grants.get(key);
  if (!held || RANK[depth] > RANK[held]) grants.set(key, depth);
}

function find<T extends { id: string; name: string }>(all: T[], wanted: string, what: string): T {
  const found = all.find((x) => x.id === wanted || x.name === wanted);
  if (!found) throw new Error(`Unknown ${what} '${wanted}' (known: ${all.map((x) => x.name).join(', ')})`);
  return found;
}

/** The access of a caller holding these roles and profiles (names or ids, as the solution defines them). */
export function accessOf(catalog: SecurityCatalog, roleNames: string[], profileNames: string[] = []): RoleAccess {
  const grants = new Map<string, Depth>();
  const named = new Set<string>();
  for (const role of roleNames.map((r) => find(catalog.roles, r, 'security role'))) {
    for (const t of role.tables) {
      for (const [field, action] of TABLE_ACTIONS) {
        const depth = t[field];
        if (typeof depth === 'string') grant(grants, action, t.table, depth as Depth);
      }
    }
    for (const { privilege, depth } of role.other) {
      const parsed = parsePrivilege(privilege);
      if (parsed) grant(grants, parsed[0], parsed[1], depth);
      else named.add(privilege);
    }
  }
  const fields = new Map<string, FieldPermission>();
  for (const profile of profileNames.map((p) => find(catalog.fieldSecurityProfiles, p, 'field security profile'))) {
    for (const p of profile.permissions) {
      const key = `${p.table}.${p.column}`;
      const held = fields.get(key) ?? { read: false, update: false, create: false };
      fields.set(key, { read: held.read || p.read, update: held.update || p.update, create: held.create || p.create });
    }
  }
  return { roleCount: roleNames.length, privilegeCount: grants.size + named.size, grants, fields, named };
}

/** The depth at which the caller holds a privilege, if at all. */
export function depthOf(access: RoleAccess, action: Action, table: string): Depth | undefined {
  return access.grants.get(grantKey(action, table));
}

export const depthRank = (depth: Depth) => RANK[depth];

/**
 * `<Roles>` and `<FieldSecurityProfiles>`. Privilege names are `prv<Action><table schema name>`
 * (e.g. prvReadwxm_Message) as real exports write them; depths are Basic, Local, Deep or Global.
 */
import type { Depth, FieldSecurityProfileDef, RoleDef, TablePrivilegesDef } from '../../../solution/src/dsl/types-components.js';
import type { TableDef } from '../../../solution/src/dsl/types.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION } from './labels.js';

const ACTIONS: [keyof Omit<TablePrivilegesDef, 'table'>, string][] = [
  ['create', 'Create'],
  ['read', 'Read'],
  ['write', 'Write'],
  ['delete', 'Delete'],
  ['append', 'Append'],
  ['appendTo', 'AppendTo'],
  ['assign', 'Assign'],
  ['share', 'Share'],
];

export function rolePrivileges(role: RoleDef, tables: TableDef[]): { name: string; level: Depth }[] {
  const privileges: { name: string; level: Depth }[] = [];
  for (const entry of role.tables) {
    const schemaName = tables.find((t) => t.schemaName.toLowerCase() === entry.table)?.schemaName ?? entry.table;
    for (const [key, action] of ACTIONS) {
      const depth = entry[key];
      if (depth) privileges.push({ name: `prv${action}${schemaName}`, level: depth });
    }
  }
  for (const other of role.other) privileges.push({ name: other.privilege, level: other.depth });
  return privileges;
}

export function rolesXml(roles: RoleDef[], tables: TableDef[]): XmlElement {
  return el(
    'Roles',
    {},
    roles.map((role) =>
      el(
        'Role',
        { id: guid('role', role.id), name: role.name },
        leaf('IsCustomizable', true),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        el(
          'RolePrivileges',
          {},
          rolePrivileges(role, tables).map((p) => el('RolePrivilege', { name: p.name, level: p.level })),
        ),
      ),
    ),
  );
}

/** fieldpermission CanRead/CanUpdate/CanCreate: 4 = allowed, 0 = not allowed. */
const allowed = (yes: boolean) => (yes ? 4 : 0);

export function fieldSecurityProfilesXml(profiles: FieldSecurityProfileDef[]): XmlElement {
  return el(
    'FieldSecurityProfiles',
    {},
    profiles.map((profile) =>
      el(
        'FieldSecurityProfile',
        { name: profile.name, description: profile.description, fieldsecurityprofileid: guid('fieldsecurityprofile', profile.id) },
        el(
          'FieldPermissions',
          {},
          profile.permissions.map((p) =>
            el(
              'FieldPermission',
              {},
              leaf('EntityName', p.table),
              leaf('AttributeName', p.column),
              leaf('CanRead', allowed(p.read)),
              leaf('CanUpdate', allowed(p.update)),
              leaf('CanCreate', allowed(p.create)),
            ),
          ),
        ),
      ),
    ),
  );
}

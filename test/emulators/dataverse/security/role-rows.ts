/**
 * The role rows of an org and the users holding them (systemuserroles), so that a caller can read a user's roles
 * through the Web API as in Dataverse: `systemusers(<id>)?$expand=systemuserroles_association($select=…)`, which
 * needs prvReadUser and prvReadRole. The emulator's org has one business unit, the root one, where a solution role
 * keeps the GUID its import gives it and its parentrootroleid is itself; the System Administrator role carries the
 * platform's template id.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/role
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuserroles
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Metadata } from '../metadata.js';
import type { Store, Value } from '../store.js';
import type { OrgInfo } from '../api/types.js';
import { SYSTEM_ADMINISTRATOR_TEMPLATE_ID } from '../system-tables.js';
import type { SecurityCatalog } from './roles.js';

/** Namespace the packer names every component with (scripts/pack/uuid.ts: `guid('role', id)`). */
const COMPONENT_NAMESPACE = '5d3c6a8e-2f41-4b7e-9c0a-6f1e2d7b8a94';

/** RFC 4122 version 5 (https://www.rfc-editor.org/rfc/rfc4122#section-4.3): the GUID an import gives a solution role. */
export function solutionRoleId(roleId: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(COMPONENT_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(`role:${roleId}`, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class RoleRows {
  /** Role name or solution id → role row id. */
  private readonly ids = new Map<string, string>();
  readonly systemAdministratorId = randomUUID();

  constructor(
    private readonly meta: Metadata,
    private readonly store: Store,
    org: OrgInfo,
    catalog: SecurityCatalog,
  ) {
    const bu = { id: org.businessUnitId, table: 'businessunit' };
    this.put('roletemplate', SYSTEM_ADMINISTRATOR_TEMPLATE_ID, { name: 'System Administrator' });
    this.put('role', this.systemAdministratorId, {
      name: 'System Administrator',
      businessunitid: bu,
      parentrootroleid: { id: this.systemAdministratorId, table: 'role' },
      roletemplateid: { id: SYSTEM_ADMINISTRATOR_TEMPLATE_ID, table: 'roletemplate' },
    });
    for (const role of catalog.roles) {
      const id = solutionRoleId(role.id);
      this.put('role', id, { name: role.name, businessunitid: bu, parentrootroleid: { id, table: 'role' }, roletemplateid: null });
      this.ids.set(role.id, id);
      this.ids.set(role.name, id);
    }
  }

  private put(table: string, id: string, values: Record<string, Value>): void {
    this.store.put(this.meta.table(table), { id, version: this.store.nextVersion(), values: { statecode: 0, statuscode: 1, ...values } });
  }

  /** A team (Entra group team by default) holding these roles, with these users as members; returns its id. */
  addTeam(team: { name: string; roles: string[] | 'system-administrator'; members: string[]; teamType?: number }, businessUnitId: string): string {
    const id = randomUUID();
    this.put('team', id, { name: team.name, teamtype: team.teamType ?? 2, businessunitid: { id: businessUnitId, table: 'businessunit' } });
    const roles = this.meta.table('teamroles');
    for (const roleId of this.roleIds(team.roles))
      this.store.put(roles, { id: randomUUID(), version: this.store.nextVersion(), values: { teamid: id, roleid: roleId } });
    const members = this.meta.table('teammembership');
    for (const userId of team.members)
      this.store.put(members, { id: randomUUID(), version: this.store.nextVersion(), values: { systemuserid: userId.toLowerCase(), teamid: id } });
    return id;
  }

  private roleIds(roles: string[] | 'system-administrator'): string[] {
    return roles === 'system-administrator' ? [this.systemAdministratorId] : roles.map((r) => this.ids.get(r)).filter((r): r is string => !!r);
  }

  /** Gives the user these roles (names or solution ids), or System Administrator. */
  assign(systemUserId: string, roles: string[] | 'system-administrator'): void {
    const intersect = this.meta.table('systemuserroles');
    for (const roleId of this.roleIds(roles))
      this.store.put(intersect, { id: randomUUID(), version: this.store.nextVersion(), values: { systemuserid: systemUserId.toLowerCase(), roleid: roleId } });
  }
}

/**
 * Who may have channel and referral codes made: the row's creator (`_createdby_value` of the row as the relay
 * re-read it, never a hint) holding the Wechat Marketing Administrator role or System Administrator, their own or
 * through a team. Everyone with Create on wxm_qrcode (Operators) may have binding codes made; Dataverse cannot tell a
 * row's purpose apart, so the relay does. The roles are read through Dataverse (the relay's role holds prvReadUser,
 * prvReadRole and prvReadTeam) and matched by id, never by display name: a solution role keeps its GUID in the root
 * business unit, and its copy in every other business unit names it as parentrootroleid; System Administrator
 * carries its platform template id everywhere.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser#many-to-many-relationships
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/role
 */
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';

/** The Wechat Marketing Administrator role as an import creates it (the packer's guid('role', 'wxm_role_administrator')). */
export const ADMINISTRATOR_ROLE_ID = '692c384e-863b-54e2-b433-d0b662196936';
/** System Administrator's role template, the same in every environment. */
export const SYSTEM_ADMINISTRATOR_TEMPLATE_ID = '627090ff-40a3-4053-8790-584edc5be201';

const USER_ROLES = 'systemuserroles_association';
const TEAMS = 'teammembership_association';
const TEAM_ROLES = 'teamroles_association';
const ROLE_SELECT = ['roleid', lookupKey('parentrootroleid'), lookupKey('roletemplateid')];

/**
 * Whether this user may have channel and referral codes made (false for a user Dataverse does not know): a role of
 * their own, or one held through a team they belong to (an owner team, a Microsoft Entra group team), as Dataverse
 * sums a user's privileges. https://learn.microsoft.com/power-platform/admin/manage-teams
 */
export async function mayMakeMarketingCodes(org: DataverseOrg, systemUserId: string): Promise<boolean> {
  const [user] = await org.retrieveMultiple('systemusers', {
    select: ['systemuserid'],
    filter: `systemuserid eq ${requireGuid('user id', systemUserId)}`,
    expand: [
      { property: USER_ROLES, select: ROLE_SELECT },
      { property: TEAMS, select: ['teamid'] },
    ],
    top: 1,
  });
  if (!user) return false;
  if (rowsOf(user, USER_ROLES).some(isMarketingAdministrator)) return true;
  const teamIds = rowsOf(user, TEAMS).map((t) => requireGuid('team id', String(t.teamid)));
  // A user is in a few teams; 25 ids keep the filter short.
  for (let i = 0; i < teamIds.length; i += 25) {
    const filter = teamIds
      .slice(i, i + 25)
      .map((id) => `teamid eq ${id}`)
      .join(' or ');
    const teams = await org.retrieveMultiple('teams', { select: ['teamid'], filter, expand: [{ property: TEAM_ROLES, select: ROLE_SELECT }], maxRows: 25 });
    if (teams.some((team) => rowsOf(team, TEAM_ROLES).some(isMarketingAdministrator))) return true;
  }
  return false;
}

const rowsOf = (row: Row, property: string): Row[] => (Array.isArray(row[property]) ? (row[property] as Row[]) : []);

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

function isMarketingAdministrator(role: Row): boolean {
  if (lower(role[lookupKey('roletemplateid')]) === SYSTEM_ADMINISTRATOR_TEMPLATE_ID) return true;
  const root = lower(role[lookupKey('parentrootroleid')]) ?? lower(role.roleid);
  return root === ADMINISTRATOR_ROLE_ID;
}

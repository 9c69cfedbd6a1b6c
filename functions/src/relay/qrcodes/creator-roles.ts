/**
 * Who may have channel and referral codes made: the row's creator (`_createdby_value` of the row as the relay
 * re-read it, never a hint) holding the Wechat Marketing Administrator role or System Administrator. Everyone with
 * Create on wxm_qrcode (Operators) may have binding codes made; Dataverse cannot tell a row's purpose apart, so the
 * relay does. The roles are read through Dataverse (the relay's role holds prvReadUser and prvReadRole) and matched
 * by id, never by display name: a solution role keeps its GUID in the root business unit, and its copy in every other
 * business unit names it as parentrootroleid; System Administrator carries its platform template id everywhere.
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

const ROLES = 'systemuserroles_association';

/** Whether this user may have channel and referral codes made (false for a user Dataverse does not know). */
export async function mayMakeMarketingCodes(org: DataverseOrg, systemUserId: string): Promise<boolean> {
  const [user] = await org.retrieveMultiple('systemusers', {
    select: ['systemuserid'],
    filter: `systemuserid eq ${requireGuid('user id', systemUserId)}`,
    expand: [{ property: ROLES, select: ['roleid', lookupKey('parentrootroleid'), lookupKey('roletemplateid')] }],
    top: 1,
  });
  const roles = user && Array.isArray(user[ROLES]) ? (user[ROLES] as Row[]) : [];
  return roles.some(isMarketingAdministrator);
}

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

function isMarketingAdministrator(role: Row): boolean {
  if (lower(role[lookupKey('roletemplateid')]) === SYSTEM_ADMINISTRATOR_TEMPLATE_ID) return true;
  const root = lower(role[lookupKey('parentrootroleid')]) ?? lower(role.roleid);
  return root === ADMINISTRATOR_ROLE_ID;
}

/**
 * Links a follower to an existing Contact when the admin configured a match column on the Signed Service:
 * the Contact whose column equals the follower's unionid (the same person across the customer's accounts), or
 * its openid when WeChat gives no unionid. Exactly one match links; several are left for a person to decide.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import { InvalidContactMatchColumn } from './errors.js';
import { Contact } from './platform-tables.js';
import { stringLiteral } from './keys.js';

/** A Dataverse logical name: what a configured column must look like before it goes into a $filter. */
const LOGICAL_NAME = /^[a-z_][a-z0-9_]{0,99}$/i;

export type ContactMatch = { contactId: string } | { none: true } | { ambiguous: number };

export async function findContact(org: DataverseOrg, column: string, value: string): Promise<ContactMatch> {
  if (!LOGICAL_NAME.test(column)) {
    throw new InvalidContactMatchColumn(column);
  }
  const rows = await org.retrieveMultiple(Contact.entitySetName, {
    select: [Contact.primaryIdAttribute],
    filter: `${column} eq ${stringLiteral(value)}`,
    top: 2,
  });
  if (rows.length === 0) return { none: true };
  if (rows.length > 1) return { ambiguous: rows.length };
  const id = rows[0]?.[Contact.primaryIdAttribute];
  return typeof id === 'string' ? { contactId: id } : { none: true };
}

/**
 * A disabled user's bindings end: an employee who leaves (their user disabled in Dataverse, by Entra ID's sync or an
 * admin) no longer gets notifications through the WeChat they bound. The binding rows are deleted, not deactivated:
 * a binding is a proof that this person holds that WeChat, and a departed person's proof is void; deleting leaves
 * nothing for a view, a flow or the notification lookup to take for a live one (the table is audited, so who and when
 * stays). The follower and the user stay; a user enabled again binds again with a new scan.
 *
 * Heard from the systemuser Update step filtered on isdisabled (solution/webhooks/registration.ts), the user re-read
 * with the org's application user (never the hint's attributes); a periodic sweep (sweep-disabled.ts) catches what a
 * step missed. Nothing of another user or org is touched: only this org, only rows naming this user.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser#BKMK_IsDisabled
 */
import { Binding } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { OrgDirectory } from '../qrcodes/org-access.js';
import { requireGuid } from '../delivery/keys.js';
import { BINDINGS_ENTITY_SET } from './people.js';

export const USER_TABLE = 'systemuser';

/** The hints acceptHint queues for this use case: a user row changed (the step sends only isdisabled changes). */
export const isUserHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === USER_TABLE && hint.message === 'Update';

export interface DisabledUserDeps {
  orgs: OrgDirectory;
  logger: Logger;
}

export type DisabledUserOutcome = { status: 'ended'; bindings: number } | { status: 'skipped' };

const USER_BINDING = lookupKey(Binding.columns.SystemUserId);

export async function onUserChanged(hint: DataverseHint, deps: DisabledUserDeps): Promise<DisabledUserOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return { status: 'skipped' };
  const userId = requireGuid('user id', hint.rowId);
  const user = await access.org.retrieve('systemusers', userId, ['isdisabled']);
  // Gone, or enabled (again): nothing ends. An enabled user's old bindings were removed when they were disabled.
  if (!user || user.isdisabled !== true) return { status: 'skipped' };
  const bindings = await endBindingsOf(access.org, userId);
  deps.logger.info("a disabled user's bindings ended", { organizationId: hint.organizationId, bindings });
  return { status: 'ended', bindings };
}

/** Deletes the bindings naming this user in this org; returns how many. A row already gone is no error. */
export async function endBindingsOf(org: DataverseOrg, userId: string): Promise<number> {
  const rows = await org.retrieveMultiple(BINDINGS_ENTITY_SET, {
    select: [Binding.columns.Id],
    filter: `${USER_BINDING} eq ${requireGuid('user id', userId)}`,
    maxRows: 5000,
  });
  let ended = 0;
  for (const row of rows) if (await org.delete(BINDINGS_ENTITY_SET, requireGuid('binding id', String(row[Binding.columns.Id])))) ended += 1;
  return ended;
}

/**
 * The sweep of one org: every user named by a binding whose user is disabled now loses them. Bindings of users are
 * few (one or two per employee), so the users are read in groups of 50 by id.
 */
export async function sweepOrg(org: DataverseOrg): Promise<{ users: number; bindings: number }> {
  const rows = await org.retrieveMultiple(BINDINGS_ENTITY_SET, {
    select: [Binding.columns.Id, USER_BINDING],
    filter: `${USER_BINDING} ne null`,
    maxRows: 50_000,
  });
  const userIds = [...new Set(rows.map((r) => String(r[USER_BINDING]).toLowerCase()))];
  const disabled: string[] = [];
  for (let i = 0; i < userIds.length; i += 50) {
    const group = userIds.slice(i, i + 50);
    const filter = `isdisabled eq true and (${group.map((id) => `systemuserid eq ${requireGuid('user id', id)}`).join(' or ')})`;
    for (const u of await org.retrieveMultiple('systemusers', { select: ['systemuserid'], filter, maxRows: 50 }))
      disabled.push(String(u.systemuserid).toLowerCase());
  }
  let bindings = 0;
  for (const row of rows) {
    if (!disabled.includes(String(row[USER_BINDING]).toLowerCase())) continue;
    if (await org.delete(BINDINGS_ENTITY_SET, requireGuid('binding id', String(row[Binding.columns.Id])))) bindings += 1;
  }
  return { users: disabled.length, bindings };
}

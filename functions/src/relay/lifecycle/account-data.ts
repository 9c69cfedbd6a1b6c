/**
 * An account's rows in its org, by table, in the order they can be deleted: messages first (they hold followers
 * and the account by Restrict lookups), then followers (their tag pairings, bindings and referral codes go with
 * them), QR codes, tags, referral programs and daily statistics. Every query filters on the account's own lookup,
 * so no row of another account is ever read or deleted.
 * https://learn.microsoft.com/power-apps/developer/data-platform/configure-entity-relationship-cascading-behavior
 */
import { DailyStat, EntitySets, Follower, Message, QrCode, ReferralProgram, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, WriteOperation } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';

export interface AccountTable {
  /** Name used in progress texts and counts. */
  name: 'messages' | 'followers' | 'qrCodes' | 'tags' | 'referralPrograms' | 'dailyStats';
  entitySet: string;
  primaryId: string;
  accountColumn: string;
}

export const ACCOUNT_TABLES: readonly AccountTable[] = [
  { name: 'messages', entitySet: EntitySets.Message, primaryId: Message.primaryIdAttribute, accountColumn: Message.columns.OfficialAccountId },
  { name: 'followers', entitySet: EntitySets.Follower, primaryId: Follower.primaryIdAttribute, accountColumn: Follower.columns.OfficialAccountId },
  { name: 'qrCodes', entitySet: EntitySets.QrCode, primaryId: QrCode.primaryIdAttribute, accountColumn: QrCode.columns.OfficialAccountId },
  { name: 'tags', entitySet: EntitySets.Tag, primaryId: Tag.primaryIdAttribute, accountColumn: Tag.columns.OfficialAccountId },
  {
    name: 'referralPrograms',
    entitySet: EntitySets.ReferralProgram,
    primaryId: ReferralProgram.primaryIdAttribute,
    accountColumn: ReferralProgram.columns.OfficialAccountId,
  },
  { name: 'dailyStats', entitySet: EntitySets.DailyStat, primaryId: DailyStat.primaryIdAttribute, accountColumn: DailyStat.columns.OfficialAccountId },
];

export type DeletedCounts = Partial<Record<AccountTable['name'], number>>;

/**
 * Deletes up to `budget` of the account's rows, table by table in order. Returns what it deleted and whether rows
 * are left (the caller continues in another step). A row already gone (deleted by a cascade or by a person) is fine.
 */
export async function deleteAccountRows(org: DataverseOrg, accountId: string, budget: number): Promise<{ deleted: DeletedCounts; more: boolean }> {
  const id = requireGuid('account id', accountId);
  const deleted: DeletedCounts = {};
  let left = budget;
  for (const table of ACCOUNT_TABLES) {
    while (left > 0) {
      const rows = await org.retrieveMultiple(table.entitySet, {
        select: [table.primaryId],
        filter: `${lookupKey(table.accountColumn)} eq ${id}`,
        top: Math.min(left, 5000),
      });
      if (rows.length === 0) break;
      // One delete per change set: a row deleted meanwhile (a cascade, a person) fails alone, not its neighbours;
      // the gateway still packs them into `$batch` requests of up to 1000.
      const ops: WriteOperation[] = rows.map((r) => ({ kind: 'delete', entitySet: table.entitySet, key: requireGuid('row id', String(r[table.primaryId])) }));
      const outcomes = (await Promise.all(ops.map((op) => org.submit([op])))).flat();
      const failed = outcomes.find((o) => !o.ok && o.error.kind !== 'not-found');
      if (failed && !failed.ok) throw new Error(`deleting ${table.name} failed: ${failed.error.kind} ${failed.error.code}`);
      deleted[table.name] = (deleted[table.name] ?? 0) + outcomes.filter((o) => o.ok).length;
      left -= rows.length;
    }
    if (left <= 0) break;
  }
  if (left > 0) return { deleted, more: false };
  // The budget ran out exactly: there may be nothing left; the next step finds out with one query per table.
  return { deleted, more: true };
}

/**
 * Pairings and Tags columns as writes for the gateway's batched `submit`: one change set per follower, so a pair
 * that exists already fails alone (and is what was wanted), and many followers share each $batch (up to 1,000
 * operations) instead of a request each.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 */
import { Follower, Tag } from '@wxm/solution/schema';
import type { DataverseOrg, WriteOperation } from '../../dataverse/types.js';
import { NAV } from './tag-members.js';

const F = Follower.columns;

export const columnWrite = (followerId: string, value: string): WriteOperation => ({
  kind: 'upsert',
  entitySet: Follower.entitySetName,
  key: followerId,
  ifMatch: '*',
  data: { [F.Tags]: value },
});
export const pairing = (kind: 'associate' | 'disassociate', tagRowId: string, followerId: string): WriteOperation => ({
  kind,
  entitySet: Tag.entitySetName,
  key: tagRowId,
  navigation: NAV,
  relatedSet: Follower.entitySetName,
  relatedKey: followerId,
});

/** Sends the change sets together (the gateway fills $batch requests) and fails on any refusal but a pair that exists. */
export async function submitAll(org: DataverseOrg, sets: WriteOperation[][]): Promise<void> {
  const outcomes = await Promise.all(sets.map((ops) => org.submit(ops)));
  for (const [i, outcome] of outcomes.entries()) {
    for (const [j, o] of outcome.entries()) {
      // Paired meanwhile (a person, or a hint's own change): what this sync wanted is there.
      if (o.ok || (sets[i]?.[j]?.kind === 'associate' && o.error.code.toLowerCase() === '0x80040237')) continue;
      throw new Error(`tag members not written: ${o.error.kind} ${o.error.code}`);
    }
  }
}

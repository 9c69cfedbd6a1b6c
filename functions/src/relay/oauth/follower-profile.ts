/**
 * What the landing page shows a follower about themselves once WeChat has proved who they are: their name as
 * Dataverse has it, whether they follow the account, and which kinds of record their WeChat is bound to (a
 * customer record, a lead, an employee) and since when. Never the bound person's name or any other CRM data:
 * the page is on the open internet, and the follower proved only their own openid.
 * Two reads in the account's own org, once per landing (a second landing is answered from the first).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { Binding, Follower } from '@wxm/solution/schema';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import type { PersonKind } from '../binding/people.js';
import { followerKey, lookupValue, requireGuid } from '../delivery/keys.js';

export interface FollowerProfile {
  name?: string;
  following?: boolean;
  bindings: { kind: PersonKind; boundOn?: string }[];
}

/** A follower has a handful of bindings at most; more would not fit a phone screen anyway. */
const MAX_BINDINGS = 10;

export async function readFollowerProfile(org: DataverseOrg, accountId: string, openid: string): Promise<FollowerProfile | undefined> {
  const follower = await org.retrieve(Follower.entitySetName, followerKey(accountId, openid), [
    Follower.columns.Id,
    Follower.columns.Name,
    Follower.columns.Subscribed,
  ]);
  if (!follower) return undefined;
  const followerId = requireGuid('follower id', String(follower[Follower.columns.Id]));
  const C = Binding.columns;
  const rows = await org.retrieveMultiple(Binding.entitySetName, {
    select: [C.Id, C.BoundOn, lookupValue(C.ContactId), lookupValue(C.LeadId), lookupValue(C.SystemUserId)],
    filter: `${lookupValue(C.FollowerId)} eq ${followerId} and statecode eq 0`,
    top: MAX_BINDINGS,
  });
  const name = typeof follower[Follower.columns.Name] === 'string' ? (follower[Follower.columns.Name] as string) : undefined;
  const following = typeof follower[Follower.columns.Subscribed] === 'boolean' ? (follower[Follower.columns.Subscribed] as boolean) : undefined;
  return {
    ...(name !== undefined && name !== openid && { name }),
    ...(following !== undefined && { following }),
    bindings: rows.flatMap((row) => {
      const kind = kindOf(row);
      if (!kind) return [];
      const boundOn = row[C.BoundOn];
      return [{ kind, ...(typeof boundOn === 'string' && { boundOn }) }];
    }),
  };
}

function kindOf(row: Row): PersonKind | undefined {
  const C = Binding.columns;
  if (row[lookupValue(C.ContactId)]) return 'contact';
  if (row[lookupValue(C.LeadId)]) return 'lead';
  if (row[lookupValue(C.SystemUserId)]) return 'systemuser';
  return undefined;
}

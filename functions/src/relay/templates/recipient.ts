/**
 * Who a template message goes to: the row's follower, or the follower of the template's account that its contact,
 * lead or user is bound to (wxm_binding, made by a binding QR scan or web authorization: relay/binding). Exactly
 * one recipient; the follower must follow that account and must not block its template messages.
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import { boundFollowers, readFollower, type StoredFollower, type StoredTemplateMessage } from './message-row.js';
import type { SendRefusal } from './reasons.js';

export interface Recipient {
  followerId: string;
  openid: string;
}

const NAMES = { contact: 'contact', lead: 'lead', systemuser: 'user' } as const;

export async function resolveRecipient(org: DataverseOrg, m: StoredTemplateMessage, accountId: string): Promise<Recipient | SendRefusal> {
  const chosen = (m.followerId ? 1 : 0) + m.people.length;
  if (chosen === 0) return { code: 'no-recipient' };
  if (chosen > 1) return { code: 'several-recipients' };
  let follower: StoredFollower | undefined;
  if (m.followerId) {
    follower = await readFollower(org, m.followerId);
    if (!follower || follower.accountId !== accountId) return { code: 'follower-other-account' };
  } else {
    const person = m.people[0]!;
    const bound = await boundFollowers(org, person);
    const ofAccount = bound.filter((f) => f.accountId === accountId);
    if (ofAccount.length === 0) return { code: bound.length === 0 ? 'not-bound' : 'bound-elsewhere', kind: NAMES[person.kind] };
    // Bound twice to the same account (two proofs over time): the one still following and accepting wins.
    follower = ofAccount.find((f) => f.following && !f.blocked) ?? ofAccount[0]!;
  }
  if (!follower.openid) return { code: 'follower-other-account' };
  if (!follower.following) return { code: 'not-following' };
  if (follower.blocked) return { code: 'blocked' };
  return { followerId: follower.id, openid: follower.openid };
}

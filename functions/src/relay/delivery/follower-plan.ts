/**
 * The follower write of one delivery: read the row, fold the message's observations (and, for a follower the
 * relay meets for the first time or who just followed, a fresh user/info) into its state, find its Contact, and
 * turn the difference into one operation: create-only for a new follower (two instances meeting a new follower
 * at once: the second gets 412 and redoes its work on the row the first created), ETag-conditional for a known
 * one (a concurrent change makes it 412 and it is redone from a fresh read), nothing when nothing changed.
 */
import { EntitySets } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseErrorInfo, WriteOperation } from '../../dataverse/types.js';
import { InvalidContactMatchColumn } from './errors.js';
import type { InboundMessage } from '../../wechat/index.js';
import type { BoundAccount } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { Clock } from '../../kernel/clock.js';
import { isPermanent, reportAccountProblem } from './account-status.js';
import { findContact } from './contact-link.js';
import { followerUpdate, newFollowerRow, type StoredFollower } from './follower-row.js';
import { advance, observe, type FollowerState } from './follower-state.js';
import { followerKey } from './keys.js';
import type { OrgMemory } from './org-memory.js';
import type { FollowerProfile, FollowerProfiles } from '../ports/delivery.js';

export interface FollowerPlanDeps {
  memory: OrgMemory;
  bound: BoundAccount;
  profiles: FollowerProfiles;
  clock: Clock;
  logger: Logger;
  /** How long a follower without Contact waits before it is matched again (a Contact may be added later). */
  contactRecheckMs: number;
}

/** Work done once per delivery and kept across its attempts (a retry after 412 does not call WeChat again). */
export interface FollowerMemo {
  profile?: Promise<FollowerProfile | undefined>;
  contact?: Promise<string | undefined>;
}

export interface FollowerPlan {
  op?: WriteOperation;
  created: boolean;
  /** The follower's state after this delivery (attribution.ts compares it with the stored one). */
  next: FollowerState;
}

export async function planFollower(
  msg: InboundMessage,
  openid: string,
  createdAt: number,
  stored: StoredFollower | undefined,
  memo: FollowerMemo,
  deps: FollowerPlanDeps,
): Promise<FollowerPlan> {
  const accountId = deps.bound.officialAccountId;
  const observations = observe(msg, createdAt);
  const isEvent = (name: string) => msg.kind === 'event' && msg.event === name;
  // user/info for a follower seen for the first time (unionid, language, tags, how they came), and on a follow
  // (the scene of that follow). Never on unfollow: WeChat answers only `subscribe: 0` then.
  if ((stored === undefined || isEvent('subscribe')) && !isEvent('unsubscribe')) memo.profile ??= fetchProfile(openid, deps);
  const profile = memo.profile ? await memo.profile : undefined;
  const next = advance(stored?.state ?? {}, observations, profile);
  const contactId = stored?.contactId ? undefined : await (memo.contact ??= contactFor(openid, next.unionId, stored === undefined, deps));

  if (stored === undefined) {
    return {
      created: true,
      next,
      op: {
        kind: 'upsert',
        entitySet: EntitySets.Follower,
        key: followerKey(accountId, openid),
        data: newFollowerRow(accountId, openid, next, contactId),
        ifNoneMatch: true,
      },
    };
  }
  const changes = followerUpdate(stored, next, contactId);
  if (Object.keys(changes).length === 0) return { created: false, next };
  return { created: false, next, op: { kind: 'upsert', entitySet: EntitySets.Follower, key: stored.id, data: changes, ifMatch: stored.etag ?? '*' } };
}

/** user/info failures never hold a message back: it is stored without the profile. */
async function fetchProfile(openid: string, deps: FollowerPlanDeps): Promise<FollowerProfile | undefined> {
  try {
    return await deps.profiles.get(deps.bound.authorizerAppid, openid);
  } catch (err) {
    deps.logger.warn('follower profile unavailable; storing the message without it', {
      authorizerAppid: deps.bound.authorizerAppid,
      error: err instanceof Error ? err.name : 'unknown',
      detail: err instanceof Error ? err.message.slice(0, 200) : undefined,
    });
    return undefined;
  }
}

async function contactFor(openid: string, unionId: string | undefined, isNew: boolean, deps: FollowerPlanDeps): Promise<string | undefined> {
  const column = deps.bound.contactMatchColumn;
  if (!column) return undefined;
  const { memory, bound, clock, logger } = deps;
  const value = unionId ?? openid;
  const memoKey = `${bound.officialAccountId}|${openid}|${value}`;
  const last = memory.contactChecks.get(memoKey);
  if (!isNew && last !== undefined && clock.now() - last < deps.contactRecheckMs) return undefined;
  memory.contactChecks.set(memoKey, clock.now());
  try {
    const match = await findContact(memory.org, column, value);
    if ('contactId' in match) return match.contactId;
    if ('ambiguous' in match) logger.warn('several contacts match the follower; not linked', { authorizerAppid: bound.authorizerAppid, column });
    return undefined;
  } catch (err) {
    // The link is a convenience; the message is what must arrive. A wrong column is an admin's to fix.
    const problem = adminProblem(err);
    if (problem) await reportAccountProblem(memory, bound.officialAccountId, problem, clock, logger, { blocking: false });
    // A passing failure is retried with the next message; a wrong column only after contactRecheckMs.
    else memory.contactChecks.delete(memoKey);
    logger.warn('contact match failed; follower stored without contact', {
      authorizerAppid: bound.authorizerAppid,
      error: err instanceof Error ? err.message.slice(0, 200) : 'unknown',
    });
    return undefined;
  }
}

/** A contact-match failure an admin must fix, in the shape the account status takes; undefined for a passing one. */
function adminProblem(err: unknown): DataverseErrorInfo | undefined {
  if (err instanceof InvalidContactMatchColumn) return { kind: err.kind, status: err.status, code: err.code, message: err.message };
  return err instanceof DataverseError && isPermanent(err.kind) ? err : undefined;
}

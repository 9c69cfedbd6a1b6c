/**
 * `wxm_follower` rows ⇄ FollowerState. Reads select exactly the columns the worker merges; writes carry only the
 * columns that changed (a new follower gets everything it knows), so an event that changes nothing writes nothing.
 */
import { Follower, TableNames } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import type { FollowerState } from './follower-state.js';
import { accountRef, bind, contactRef, lookupValue } from './keys.js';
import { fit, secondsOf, wechatTime } from './text-fit.js';

const C = Follower.columns;
const T = TableNames.Follower;

/** A follower row as read: its id and ETag (for a conditional update), its contact link, and its state. */
export interface StoredFollower {
  id: string;
  openid: string;
  etag?: string;
  contactId?: string;
  state: FollowerState;
  /** Scan attribution (attribution.ts): row ids of the codes and the referrer. */
  attribution: { firstChannelId?: string; latestChannelId?: string; referredById?: string };
}

export const FOLLOWER_SELECT: string[] = [
  C.Id,
  C.OpenId,
  C.UnionId,
  C.Subscribed,
  C.SubscribedOn,
  C.UnsubscribedOn,
  C.SubscribeScene,
  C.QrScene,
  C.LastInteractionOn,
  C.LastMessageOn,
  C.LastEventOn,
  C.Language,
  C.Tags,
  C.Remark,
  lookupValue(C.ContactId),
  lookupValue(C.SourceQrCodeId),
  lookupValue(C.LatestChannelId),
  lookupValue(C.ReferredById),
];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readFollower(row: Row): StoredFollower {
  const id = str(row[C.Id]);
  if (!id) throw new Error('follower row without id');
  const scene = row[C.SubscribeScene];
  const state: FollowerState = {
    ...(typeof row[C.Subscribed] === 'boolean' && { subscribed: row[C.Subscribed] as boolean }),
    ...opt('subscribedOn', secondsOf(row[C.SubscribedOn])),
    ...opt('unsubscribedOn', secondsOf(row[C.UnsubscribedOn])),
    ...(typeof scene === 'number' ? { subscribeScene: scene } : {}),
    ...opt('qrScene', str(row[C.QrScene])),
    ...opt('lastInteractionOn', secondsOf(row[C.LastInteractionOn])),
    ...opt('lastMessageOn', secondsOf(row[C.LastMessageOn])),
    ...opt('lastEventOn', secondsOf(row[C.LastEventOn])),
    ...opt('unionId', str(row[C.UnionId])),
    ...opt('language', str(row[C.Language])),
    ...opt('tags', str(row[C.Tags])),
    ...opt('remark', str(row[C.Remark])),
  };
  return {
    id,
    openid: str(row[C.OpenId]) ?? '',
    ...opt('etag', str(row['@odata.etag'])),
    ...opt('contactId', str(row[lookupValue(C.ContactId)])),
    state,
    attribution: {
      ...opt('firstChannelId', str(row[lookupValue(C.SourceQrCodeId)])),
      ...opt('latestChannelId', str(row[lookupValue(C.LatestChannelId)])),
      ...opt('referredById', str(row[lookupValue(C.ReferredById)])),
    },
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The columns of `next` that differ from `before` (all known ones when `before` is undefined: a new row). */
export function followerChanges(before: FollowerState | undefined, next: FollowerState): Row {
  const prev: FollowerState = before ?? {};
  const row: Row = {};
  const set = (column: string, a: unknown, b: unknown, value: unknown) => {
    if (b !== undefined && (before === undefined || a !== b)) row[column] = value;
  };
  set(C.Subscribed, prev.subscribed, next.subscribed, next.subscribed);
  set(C.SubscribedOn, prev.subscribedOn, next.subscribedOn, next.subscribedOn !== undefined && wechatTime(next.subscribedOn));
  set(C.UnsubscribedOn, prev.unsubscribedOn, next.unsubscribedOn, next.unsubscribedOn !== undefined && wechatTime(next.unsubscribedOn));
  set(C.SubscribeScene, prev.subscribeScene ?? null, next.subscribeScene === undefined ? undefined : next.subscribeScene, next.subscribeScene);
  set(
    C.QrScene,
    prev.qrScene ?? null,
    next.qrScene === undefined ? undefined : next.qrScene,
    next.qrScene === null || next.qrScene === undefined ? null : fit(T, C.QrScene, next.qrScene),
  );
  set(C.LastInteractionOn, prev.lastInteractionOn, next.lastInteractionOn, next.lastInteractionOn !== undefined && wechatTime(next.lastInteractionOn));
  // A newer opener starts its allowance again: its count goes back to 0 in the same write (relay/window).
  set(C.LastMessageOn, prev.lastMessageOn, next.lastMessageOn, next.lastMessageOn !== undefined && wechatTime(next.lastMessageOn));
  set(C.SentSinceMessage, prev.lastMessageOn, next.lastMessageOn, 0);
  set(C.LastEventOn, prev.lastEventOn, next.lastEventOn, next.lastEventOn !== undefined && wechatTime(next.lastEventOn));
  set(C.SentSinceEvent, prev.lastEventOn, next.lastEventOn, 0);
  set(C.UnionId, prev.unionId, next.unionId, next.unionId);
  set(C.Language, prev.language, next.language, next.language !== undefined && fit(T, C.Language, next.language));
  set(C.Tags, prev.tags ?? '', next.tags, next.tags !== undefined && (next.tags === '' ? null : fit(T, C.Tags, next.tags)));
  set(C.Remark, prev.remark, next.remark, next.remark !== undefined && fit(T, C.Remark, next.remark));
  // A new row must not carry nulls for what is simply unknown.
  if (before === undefined) for (const [k, v] of Object.entries(row)) if (v === null) delete row[k];
  return row;
}

/** The row of a follower the relay has not seen before: key columns, name, and all it knows. */
export function newFollowerRow(accountId: string, openid: string, state: FollowerState, contactId?: string): Row {
  return {
    [C.OpenId]: openid,
    [C.Name]: fit(T, C.Name, state.remark || openid),
    [bind(Follower.navigation.OfficialAccountId)]: accountRef(accountId),
    ...followerChanges(undefined, state),
    ...(contactId !== undefined && { [bind(Follower.navigation.ContactId)]: contactRef(contactId) }),
  };
}

/** The update of a known follower: what changed, the name when the remark changed, and a new contact link. */
export function followerUpdate(stored: StoredFollower, next: FollowerState, contactId?: string): Row {
  const row = followerChanges(stored.state, next);
  if (next.remark !== undefined && next.remark !== stored.state.remark) row[C.Name] = fit(T, C.Name, next.remark || stored.openid);
  if (contactId !== undefined && contactId !== stored.contactId) row[bind(Follower.navigation.ContactId)] = contactRef(contactId);
  return row;
}

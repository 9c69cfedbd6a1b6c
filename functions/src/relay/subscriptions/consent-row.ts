/**
 * wxm_subscriptionconsent rows: one per follower and WeChat template id (the alternate key), found, created or
 * changed. `apply` is idempotent: the event it applies is kept in wxm_LastEvent, and the same event again changes
 * nothing (a wechat-event task may run twice).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { ConsentSource, ConsentStatus, EntitySets, Follower, PopupScene, SubscriptionConsent } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid, stringLiteral } from '../delivery/keys.js';

const C = SubscriptionConsent.columns;
const SET = EntitySets.SubscriptionConsent;

export interface StoredConsent {
  id: string;
  status: number | undefined;
  remaining: number | undefined;
  lastEvent: string | undefined;
}

const SCENES: Record<string, number> = { '0': PopupScene.MiniProgram, '1': PopupScene.WebPage, '2': PopupScene.Article };

export async function findConsent(org: DataverseOrg, followerId: string, wechatTemplateId: string): Promise<StoredConsent | undefined> {
  const filter = `${lookupKey(C.FollowerId)} eq ${requireGuid('follower id', followerId)} and ${C.WechatTemplateId} eq ${stringLiteral(wechatTemplateId)}`;
  const [row] = await org.retrieveMultiple(SET, { select: [C.Id, C.ConsentStatus, C.Remaining, C.LastEvent], filter, top: 1 });
  if (!row) return undefined;
  return {
    id: String(row[C.Id]),
    status: typeof row[C.ConsentStatus] === 'number' ? (row[C.ConsentStatus] as number) : undefined,
    remaining: typeof row[C.Remaining] === 'number' ? (row[C.Remaining] as number) : undefined,
    lastEvent: typeof row[C.LastEvent] === 'string' ? (row[C.LastEvent] as string) : undefined,
  };
}

/** The follower row of an openid of the account (delivery wrote it with the event's message row). */
export async function followerOf(org: DataverseOrg, accountId: string, openid: string): Promise<{ id: string; name: string } | undefined> {
  const F = Follower.columns;
  const filter = `${lookupKey(F.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${F.OpenId} eq ${stringLiteral(openid)}`;
  const [row] = await org.retrieveMultiple(EntitySets.Follower, { select: [F.Id, F.Name, F.OpenId], filter, top: 1 });
  return row ? { id: String(row[F.Id]), name: typeof row[F.Name] === 'string' && row[F.Name] ? (row[F.Name] as string) : openid } : undefined;
}

export interface ConsentChange {
  accountId: string;
  follower: { id: string; name: string };
  wechatTemplateId: string;
  /** The template row, when the template is in Dynamics. */
  template?: { id: string; name: string | undefined };
  accept: boolean;
  at: number;
  scene?: string;
  source: number;
  miniProgram: boolean;
  /** `${event}:${CreateTime}`; undefined for changes that are not events (a refused send). */
  eventKey?: string;
}

export type ConsentResult = 'created' | 'updated' | 'unchanged';

export async function applyConsent(org: DataverseOrg, change: ConsentChange): Promise<ConsentResult> {
  const existing = await findConsent(org, change.follower.id, change.wechatTemplateId);
  if (existing && change.eventKey && existing.lastEvent === change.eventKey) return 'unchanged';
  const accepted = existing?.status === ConsentStatus.Accepted;
  // A Mini Program's accept allows one message; accepts add up. An Official Account's consent lasts until rejected.
  const remaining = change.accept ? (change.miniProgram ? (accepted ? (existing?.remaining ?? 0) : 0) + 1 : null) : 0;
  const data: Row = {
    [C.ConsentStatus]: change.accept ? ConsentStatus.Accepted : ConsentStatus.Rejected,
    [C.ConsentedOn]: new Date(change.at).toISOString(),
    [C.ConsentSource]: change.source,
    [C.Remaining]: remaining,
    ...(change.eventKey ? { [C.LastEvent]: change.eventKey } : {}),
    ...(change.scene !== undefined ? { [C.PopupScene]: SCENES[change.scene] ?? PopupScene.Other } : {}),
    ...(change.template
      ? {
          [`${SubscriptionConsent.navigation.SubscriptionTemplateId}@odata.bind`]: `/${EntitySets.SubscriptionTemplate}(${requireGuid('template id', change.template.id)})`,
        }
      : {}),
  };
  if (existing) {
    await org.update(SET, requireGuid('consent id', existing.id), data);
    return 'updated';
  }
  await org.create(SET, {
    ...data,
    [C.Name]: `${change.follower.name} · ${change.template?.name ?? change.wechatTemplateId}`.slice(0, 200),
    [C.WechatTemplateId]: change.wechatTemplateId,
    [`${SubscriptionConsent.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', change.accountId)})`,
    [`${SubscriptionConsent.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${requireGuid('follower id', change.follower.id)})`,
  });
  return 'created';
}

/** A send used one of a Mini Program user's accepts. */
export async function useOne(org: DataverseOrg, consent: StoredConsent): Promise<void> {
  await org.update(SET, requireGuid('consent id', consent.id), { [C.Remaining]: Math.max(0, (consent.remaining ?? 1) - 1) });
}

export const SOURCES = { popup: ConsentSource.Popup, settings: ConsentSource.Settings, refused: ConsentSource.SendRefused } as const;

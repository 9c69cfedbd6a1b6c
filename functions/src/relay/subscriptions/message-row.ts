/**
 * wxm_subscriptionmessage rows: the row as read (every value from Dataverse, never from the hint) and the writes of
 * its outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { DeliveryStatus, EntitySets, MiniProgramState, SubscriptionMessage } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import type { MiniProgramLang, MiniProgramState as WechatMiniProgramState } from '../../wechat/official-account/miniprogram-subscribe.js';
import { requireGuid } from '../delivery/keys.js';

const C = SubscriptionMessage.columns;
const SET = EntitySets.SubscriptionMessage;

export interface StoredMessage {
  id: string;
  accountId: string | undefined;
  templateId: string | undefined;
  followerId: string | undefined;
  /** A contact, lead or user to reach through their bound followers (when no follower is chosen). */
  people: Person[];
  name: string;
  regarding: string | undefined;
  values: string | undefined;
  page: string | undefined;
  miniProgramAppId: string | undefined;
  miniProgramPagePath: string | undefined;
  miniProgramState: WechatMiniProgramState | undefined;
  /** The row's own choice value (copied to the rows made for a person's bound followers). */
  miniProgramStateCode: number | undefined;
  lang: MiniProgramLang | undefined;
  status: number | undefined;
}

export interface Person {
  kind: 'contact' | 'lead' | 'systemuser';
  id: string;
}

const PEOPLE = [
  ['contact', C.ContactId],
  ['lead', C.LeadId],
  ['systemuser', C.SystemUserId],
] as const;

const STATES: Record<number, WechatMiniProgramState> = {
  [MiniProgramState.Formal]: 'formal',
  [MiniProgramState.Trial]: 'trial',
  [MiniProgramState.Developer]: 'developer',
};
const LANGS: readonly string[] = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);

export async function readMessage(org: DataverseOrg, id: string): Promise<StoredMessage | undefined> {
  const row = await org.retrieve(SET, requireGuid('subscription message id', id), [
    C.Id,
    lookupKey(C.OfficialAccountId),
    lookupKey(C.SubscriptionTemplateId),
    lookupKey(C.FollowerId),
    ...PEOPLE.map(([, column]) => lookupKey(column)),
    C.Name,
    C.Regarding,
    C.Values,
    C.Page,
    C.MiniProgramAppId,
    C.MiniProgramPagePath,
    C.MiniProgramState,
    C.Lang,
    C.DeliveryStatus,
  ]);
  if (!row) return undefined;
  const lang = str(row, C.Lang);
  return {
    id: String(row[C.Id]),
    accountId: str(row, lookupKey(C.OfficialAccountId)),
    templateId: str(row, lookupKey(C.SubscriptionTemplateId)),
    followerId: str(row, lookupKey(C.FollowerId)),
    people: PEOPLE.flatMap(([kind, column]) => {
      const id = str(row, lookupKey(column));
      return id ? [{ kind, id }] : [];
    }),
    name: str(row, C.Name) ?? '',
    regarding: str(row, C.Regarding),
    values: str(row, C.Values),
    page: str(row, C.Page),
    miniProgramAppId: str(row, C.MiniProgramAppId),
    miniProgramPagePath: str(row, C.MiniProgramPagePath),
    miniProgramState: typeof row[C.MiniProgramState] === 'number' ? STATES[row[C.MiniProgramState] as number] : undefined,
    miniProgramStateCode: typeof row[C.MiniProgramState] === 'number' ? (row[C.MiniProgramState] as number) : undefined,
    lang: lang && LANGS.includes(lang) ? (lang as MiniProgramLang) : undefined,
    status: typeof row[C.DeliveryStatus] === 'number' ? (row[C.DeliveryStatus] as number) : undefined,
  };
}

export async function writeMessage(org: DataverseOrg, id: string, data: Row): Promise<void> {
  await org.update(SET, requireGuid('subscription message id', id), data);
}

export const sending = (accountId: string): Row => ({
  [C.DeliveryStatus]: DeliveryStatus.Sending,
  [`${SubscriptionMessage.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
});

export const sent = (msgid: string | undefined, now: number): Row => ({
  [C.DeliveryStatus]: DeliveryStatus.Sent,
  [C.WechatMsgId]: msgid ?? null,
  [C.SentOn]: new Date(now).toISOString(),
  [C.ErrorCode]: 0,
  [C.FailureReason]: null,
});

export const failed = (reason: string, errcode?: number): Row => ({
  [C.DeliveryStatus]: DeliveryStatus.Failed,
  [C.FailureReason]: reason,
  ...(errcode !== undefined ? { [C.ErrorCode]: errcode } : {}),
});

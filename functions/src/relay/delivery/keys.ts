/**
 * Row keys and `@odata.bind` references built from the generated schema names. Lookups inside an alternate key
 * are addressed as `_<column>_value=<guid>`; strings are OData literals with `'` doubled.
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-alternate-key-reference-record
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#associate-entities-on-create
 */
import { EntitySets, Follower, Message, OfficialAccount } from '../../../../solution/generated/schema.js';
import { Contact } from './platform-tables.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Web API property that holds a lookup's id (`_wxm_officialaccountid_value`). */
export const lookupValue = (column: string): string => `_${column}_value`;

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function requireGuid(what: string, value: string): string {
  if (!GUID.test(value)) throw new Error(`${what} is not a GUID`);
  return value;
}

/** wxm_follower by its alternate key (openid + account). */
export function followerKey(accountId: string, openid: string): string {
  return `${Follower.columns.OpenId}=${stringLiteral(openid)},${lookupValue(Follower.columns.OfficialAccountId)}=${requireGuid('account id', accountId)}`;
}

/** wxm_message by its alternate key (account + WeChat message id). */
export function messageKey(accountId: string, wechatMsgId: string): string {
  return `${lookupValue(Message.columns.OfficialAccountId)}=${requireGuid('account id', accountId)},${Message.columns.WeChatMsgId}=${stringLiteral(wechatMsgId)}`;
}

export const accountRef = (accountId: string): string => `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`;
export const followerRef = (accountId: string, openid: string): string => `/${EntitySets.Follower}(${followerKey(accountId, openid)})`;
export const messageRef = (accountId: string, wechatMsgId: string): string => `/${EntitySets.Message}(${messageKey(accountId, wechatMsgId)})`;
export const contactRef = (contactId: string): string => `/${Contact.entitySetName}(${requireGuid('contact id', contactId)})`;

/** `<navigation property>@odata.bind`. */
export const bind = (navigationProperty: string): string => `${navigationProperty}@odata.bind`;

export { OfficialAccount };

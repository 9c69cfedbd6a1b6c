/**
 * Row keys and `@odata.bind` references, from the generated schema names and the gateway's key builder. Lookups
 * inside an alternate key are `_<column>_value=<guid>`; strings are OData literals with `'` doubled.
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-alternate-key-reference-record
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#associate-entities-on-create
 */
import { EntitySets, Follower, Message } from '@wxm/solution/schema';
import { alternateKey, lookupKey } from '../../dataverse/keys.js';
import { Contact } from './platform-tables.js';
import { GUID_PATTERN as GUID } from '../../kernel/guid.js';

/** The Web API property that holds a lookup's id (`_wxm_officialaccountid_value`). */
export const lookupValue = lookupKey;

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Ids from bindings and rows go into URLs: anything but a GUID is a bug upstream, refused here. */
export function requireGuid(what: string, value: string): string {
  if (!GUID.test(value)) throw new Error(`${what} is not a GUID`);
  return value.toLowerCase();
}

/** wxm_follower by its alternate key (openid + account). */
export function followerKey(accountId: string, openid: string): string {
  return alternateKey({ [Follower.columns.OpenId]: openid, [lookupKey(Follower.columns.OfficialAccountId)]: requireGuid('account id', accountId) });
}

/** wxm_message by its alternate key (account + WeChat message id). */
export function messageKey(accountId: string, wechatMsgId: string): string {
  return alternateKey({ [lookupKey(Message.columns.OfficialAccountId)]: requireGuid('account id', accountId), [Message.columns.WeChatMsgId]: wechatMsgId });
}

export const accountRef = (accountId: string): string => `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`;
export const followerRef = (accountId: string, openid: string): string => `/${EntitySets.Follower}(${followerKey(accountId, openid)})`;
export const messageRef = (accountId: string, wechatMsgId: string): string => `/${EntitySets.Message}(${messageKey(accountId, wechatMsgId)})`;
export const contactRef = (contactId: string): string => `/${Contact.entitySetName}(${requireGuid('contact id', contactId)})`;

/** `<navigation property>@odata.bind`. */
export const bind = (navigationProperty: string): string => `${navigationProperty}@odata.bind`;

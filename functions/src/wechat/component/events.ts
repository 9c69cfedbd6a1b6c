/**
 * Pushes to the authorization event URL (decrypted): the component_verify_ticket every 10 minutes, and
 * authorization changes. Discriminated by `infoType`; anything else is `infoType: 'unknown'` with the
 * original in `rawInfoType` (e.g. notify_third_fasteregister), and `raw` always holds the full XML.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import { WechatMessageError } from '../messages/errors.js';
import { parseXml, type ParseXmlOptions } from '../xml/parse.js';
import { xmlText, xmlTextFields } from '../xml/read.js';
import type { XmlRecord } from '../xml/types.js';

interface ComponentEventBase {
  /** The component appid the push is for. */
  appId: string;
  /** Seconds since the epoch. */
  createTime: number;
  raw: string;
}

export interface VerifyTicketEvent extends ComponentEventBase {
  infoType: 'component_verify_ticket';
  ticket: string;
}

export interface AuthorizedEvent extends ComponentEventBase {
  infoType: 'authorized' | 'updateauthorized';
  authorizerAppid: string;
  authorizationCode: string;
  /** Seconds since the epoch at which the code stops working. */
  authorizationCodeExpiredTime: number;
  preAuthCode: string;
}

export interface UnauthorizedEvent extends ComponentEventBase {
  infoType: 'unauthorized';
  authorizerAppid: string;
}

export interface UnknownComponentEvent extends ComponentEventBase {
  infoType: 'unknown';
  rawInfoType: string;
  fields: Record<string, string>;
}

export type ComponentEvent = VerifyTicketEvent | AuthorizedEvent | UnauthorizedEvent | UnknownComponentEvent;

export function parseComponentEvent(xml: string, opts?: ParseXmlOptions): ComponentEvent {
  const rec = parseXml(xml, opts);
  const base: ComponentEventBase = {
    appId: required(rec, 'AppId'),
    createTime: seconds(rec, 'CreateTime'),
    raw: xml,
  };
  const infoType = required(rec, 'InfoType');
  switch (infoType) {
    case 'component_verify_ticket':
      return { ...base, infoType, ticket: required(rec, 'ComponentVerifyTicket') };
    case 'authorized':
    case 'updateauthorized':
      return {
        ...base,
        infoType,
        authorizerAppid: required(rec, 'AuthorizerAppid'),
        authorizationCode: required(rec, 'AuthorizationCode'),
        authorizationCodeExpiredTime: seconds(rec, 'AuthorizationCodeExpiredTime'),
        preAuthCode: xmlText(rec, 'PreAuthCode') ?? '',
      };
    case 'unauthorized':
      return { ...base, infoType, authorizerAppid: required(rec, 'AuthorizerAppid') };
    default:
      return { ...base, infoType: 'unknown', rawInfoType: infoType, fields: xmlTextFields(rec) };
  }
}

function required(rec: XmlRecord, name: string): string {
  const value = xmlText(rec, name);
  if (!value) throw new WechatMessageError(name, `the component event has no ${name}`);
  return value;
}

function seconds(rec: XmlRecord, name: string): number {
  const text = required(rec, name);
  if (!/^\d{1,12}$/.test(text)) throw new WechatMessageError(name, `${name} is not a number of seconds`);
  return Number(text);
}

/**
 * Decrypted plaintext XML → InboundMessage. Unknown MsgTypes and Events are kept as `kind: 'unknown'`, never
 * refused: WeChat adds events over time and the relay must still store them.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { parseXml, type ParseXmlOptions } from '../xml/parse.js';
import { xmlText, xmlTextFields } from '../xml/read.js';
import type { XmlRecord } from '../xml/types.js';
import { WechatMessageError } from './errors.js';
import type { InboundBase, InboundEvent, InboundMessage } from './types.js';

const QR_SCENE_PREFIX = 'qrscene_';

export function parseInbound(xml: string, opts?: ParseXmlOptions): InboundMessage {
  const rec = parseXml(xml, opts);
  const base: InboundBase = {
    toUserName: required(rec, 'ToUserName'),
    fromUserName: required(rec, 'FromUserName'),
    createTime: required(rec, 'CreateTime'),
    msgType: required(rec, 'MsgType'),
    raw: xml,
  };
  const text = (name: string): string => xmlText(rec, name) ?? '';
  const msgId = text('MsgId');
  switch (base.msgType.toLowerCase()) {
    case 'text':
      return { ...base, kind: 'text', msgId, content: text('Content') };
    case 'image':
      return { ...base, kind: 'image', msgId, picUrl: text('PicUrl'), mediaId: text('MediaId') };
    case 'voice': {
      const recognition = xmlText(rec, 'Recognition');
      return { ...base, kind: 'voice', msgId, mediaId: text('MediaId'), format: text('Format'), ...(recognition !== undefined && { recognition }) };
    }
    case 'video':
      return { ...base, kind: 'video', msgId, mediaId: text('MediaId'), thumbMediaId: text('ThumbMediaId') };
    case 'shortvideo':
      return { ...base, kind: 'shortvideo', msgId, mediaId: text('MediaId'), thumbMediaId: text('ThumbMediaId') };
    case 'location':
      return {
        ...base,
        kind: 'location',
        msgId,
        locationX: text('Location_X'),
        locationY: text('Location_Y'),
        scale: text('Scale'),
        label: text('Label'),
      };
    case 'link':
      return { ...base, kind: 'link', msgId, title: text('Title'), description: text('Description'), url: text('Url') };
    case 'miniprogrampage':
      return {
        ...base,
        kind: 'miniprogrampage',
        msgId,
        appId: text('AppId'),
        title: text('Title'),
        pagePath: text('PagePath'),
        thumbUrl: text('ThumbUrl'),
        thumbMediaId: text('ThumbMediaId'),
      };
    case 'event':
      return parseEvent(base, rec) ?? unknown(base, rec);
    default:
      return unknown(base, rec);
  }
}

function parseEvent(base: InboundBase, rec: XmlRecord): InboundEvent | undefined {
  const text = (name: string): string => xmlText(rec, name) ?? '';
  const e = { ...base, kind: 'event' as const };
  const eventKey = xmlText(rec, 'EventKey');
  const ticket = xmlText(rec, 'Ticket');
  const withTicket = ticket !== undefined && ticket !== '' ? { ticket } : {};
  switch ((xmlText(rec, 'Event') ?? '').toUpperCase()) {
    case 'SUBSCRIBE': {
      // A follow through a parametric QR code carries EventKey "qrscene_<scene>"; a plain follow has none
      // (or an empty one).
      if (!eventKey) return { ...e, event: 'subscribe' };
      const scene = eventKey.startsWith(QR_SCENE_PREFIX) ? eventKey.slice(QR_SCENE_PREFIX.length) : undefined;
      return { ...e, event: 'subscribe', eventKey, ...(scene !== undefined && { scene }), ...withTicket };
    }
    case 'UNSUBSCRIBE':
      return { ...e, event: 'unsubscribe' };
    case 'SCAN':
      return { ...e, event: 'SCAN', eventKey: eventKey ?? '', scene: eventKey ?? '', ...withTicket };
    case 'LOCATION':
      return { ...e, event: 'LOCATION', latitude: text('Latitude'), longitude: text('Longitude'), precision: text('Precision') };
    case 'CLICK':
      return { ...e, event: 'CLICK', eventKey: eventKey ?? '' };
    case 'VIEW': {
      const menuId = xmlText(rec, 'MenuId');
      return { ...e, event: 'VIEW', eventKey: eventKey ?? '', ...(menuId !== undefined && { menuId }) };
    }
    case 'TEMPLATESENDJOBFINISH':
      return { ...e, event: 'TEMPLATESENDJOBFINISH', msgId: jobMsgId(rec), status: text('Status') };
    case 'MASSSENDJOBFINISH':
      return {
        ...e,
        event: 'MASSSENDJOBFINISH',
        msgId: jobMsgId(rec),
        status: text('Status'),
        totalCount: text('TotalCount'),
        filterCount: text('FilterCount'),
        sentCount: text('SentCount'),
        errorCount: text('ErrorCount'),
      };
    default:
      return undefined;
  }
}

/** The JOBFINISH events spell it MsgID; accept MsgId too rather than lose the id. */
function jobMsgId(rec: XmlRecord): string {
  return xmlText(rec, 'MsgID') ?? xmlText(rec, 'MsgId') ?? '';
}

function unknown(base: InboundBase, rec: XmlRecord): InboundMessage {
  const event = xmlText(rec, 'Event');
  const eventKey = xmlText(rec, 'EventKey');
  const msgId = xmlText(rec, 'MsgId') ?? xmlText(rec, 'MsgID');
  return {
    ...base,
    kind: 'unknown',
    ...(event !== undefined && { event }),
    ...(eventKey !== undefined && { eventKey }),
    ...(msgId !== undefined && msgId !== '' && { msgId }),
    fields: xmlTextFields(rec),
  };
}

function required(rec: XmlRecord, name: string): string {
  const value = xmlText(rec, name);
  if (value === undefined || value === '') throw new WechatMessageError(name, `the message has no ${name}`);
  return value;
}

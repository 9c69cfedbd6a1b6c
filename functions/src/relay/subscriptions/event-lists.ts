/**
 * The lists inside WeChat's subscription events (one event may carry several templates), from the decrypted XML the
 * wechat-event task carries: subscribe_msg_popup_event (TemplateId, SubscribeStatusString accept|reject, PopupScene),
 * subscribe_msg_change_event (TemplateId, SubscribeStatusString reject) and subscribe_msg_sent_event (TemplateId,
 * MsgID, ErrorCode, ErrorStatus).
 * https://developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push.html
 * https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html
 */
import { parseXml, xmlChild, xmlList, xmlText, type XmlRecord } from '../../wechat/index.js';

export interface EventHead {
  openid: string;
  createTime: number;
}

export interface ConsentItem {
  templateId: string;
  accept: boolean;
  /** WeChat's PopupScene: 0 Mini Program, 1 H5 page, 2 article; undefined for a change event. */
  scene?: string;
}

export interface SentItem {
  templateId: string;
  msgId: string;
  errorCode: number;
  errorStatus: string;
}

function items(root: XmlRecord, container: string): XmlRecord[] {
  const box = xmlChild(root, container);
  return box ? xmlList(box, 'List').filter((n): n is XmlRecord => typeof n !== 'string') : [];
}

export function readEvent(raw: string): { head: EventHead | undefined; root: XmlRecord } {
  const root = parseXml(raw);
  const openid = xmlText(root, 'FromUserName');
  const createTime = Number(xmlText(root, 'CreateTime'));
  return { head: openid && Number.isFinite(createTime) ? { openid, createTime } : undefined, root };
}

export function consentItems(root: XmlRecord, event: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event'): ConsentItem[] {
  const container = event === 'subscribe_msg_popup_event' ? 'SubscribeMsgPopupEvent' : 'SubscribeMsgChangeEvent';
  return items(root, container).flatMap((item) => {
    const templateId = xmlText(item, 'TemplateId');
    const status = xmlText(item, 'SubscribeStatusString');
    if (!templateId || (status !== 'accept' && status !== 'reject')) return [];
    const scene = xmlText(item, 'PopupScene');
    return [{ templateId, accept: status === 'accept', ...(scene !== undefined ? { scene } : {}) }];
  });
}

export function sentItems(root: XmlRecord): SentItem[] {
  return items(root, 'SubscribeMsgSentEvent').flatMap((item) => {
    const templateId = xmlText(item, 'TemplateId');
    const msgId = xmlText(item, 'MsgID');
    if (!templateId || !msgId) return [];
    return [{ templateId, msgId, errorCode: Number(xmlText(item, 'ErrorCode') ?? 0) || 0, errorStatus: xmlText(item, 'ErrorStatus') ?? '' }];
  });
}

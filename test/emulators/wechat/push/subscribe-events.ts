/**
 * The subscription events WeChat pushes to the account's message URL (the platform's, for an authorized account):
 * subscribe_msg_popup_event when a user answers the popup (an article or H5 page of an Official Account, PopupScene
 * 1 or 2; a Mini Program's requestSubscribeMessage, 0 here), subscribe_msg_change_event when a follower turns a
 * notification off in the service-notification settings (reject only), and subscribe_msg_sent_event after a send.
 * https://developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push.html
 * https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html
 */
import { SimInputError } from '../errors.js';
import { followerFor, isAuthorized, type SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { recordConsent, templatesOf } from '../state/subscriptions.js';
import type { PushResult } from '../types.js';
import { buildXml, type XmlFields } from '../xml.js';
import { deliver, sealPush } from './deliver.js';

export interface PopupInput {
  appid: string;
  openid: string;
  templateId: string;
  accept: boolean;
  /** 1 H5 page, 2 article (Official Accounts); Mini Programs report 0. */
  scene?: number;
}

function eventXml(state: SimState, account: SimAccount, openid: string, event: string, body: XmlFields): string {
  return buildXml({ ToUserName: account.originalId, FromUserName: openid, CreateTime: state.nowSeconds(), MsgType: 'event', Event: event, ...body });
}

async function push(state: SimState, account: SimAccount, openid: string, plaintext: string): Promise<PushResult[]> {
  return deliver(state, sealPush(state, plaintext, { kind: 'account', appid: account.appid, originalId: account.originalId, openid }), plaintext);
}

function authorizedTemplate(state: SimState, appid: string, templateId: string): SimAccount {
  const account = state.account(appid);
  if (!isAuthorized(account)) throw new SimInputError(`account ${account.appid} has not authorized the component`, 409);
  if (!templatesOf(state, account.appid).has(templateId))
    throw new SimInputError(`account ${account.appid} has no template ${templateId} (addtemplate first)`, 404);
  return account;
}

/** The user answers the popup: consent recorded as WeChat would, then the event pushed to the relay. */
export async function pushPopup(state: SimState, input: PopupInput): Promise<{ consent: string; remaining: number; push: PushResult[] }> {
  const account = authorizedTemplate(state, input.appid, input.templateId);
  followerFor(account, input.openid, state.clock.now());
  const consent = recordConsent(state, account.appid, input.openid, input.templateId, input.accept);
  const scene = input.scene ?? (account.isMiniProgram ? 0 : 2);
  const plaintext = eventXml(state, account, input.openid, 'subscribe_msg_popup_event', {
    SubscribeMsgPopupEvent: { List: [{ TemplateId: input.templateId, SubscribeStatusString: input.accept ? 'accept' : 'reject', PopupScene: String(scene) }] },
  });
  return { consent: consent.status, remaining: consent.remaining, push: await push(state, account, input.openid, plaintext) };
}

/** The follower turns the notification off in 服务通知 settings (WeChat pushes only rejects). */
export async function pushChange(state: SimState, appid: string, openid: string, templateId: string): Promise<{ consent: string; push: PushResult[] }> {
  const account = authorizedTemplate(state, appid, templateId);
  recordConsent(state, account.appid, openid, templateId, false);
  const plaintext = eventXml(state, account, openid, 'subscribe_msg_change_event', {
    SubscribeMsgChangeEvent: { List: [{ TemplateId: templateId, SubscribeStatusString: 'reject' }] },
  });
  return { consent: 'reject', push: await push(state, account, openid, plaintext) };
}

/** After a send: the receipt, pushed shortly after the API answered (never blocking it). */
export function sentLater(state: SimState, account: SimAccount, openid: string, templateId: string, msgId: string): void {
  if (!state.settings.jobFinishEvents) return;
  const plaintext = eventXml(state, account, openid, 'subscribe_msg_sent_event', {
    SubscribeMsgSentEvent: { List: [{ TemplateId: templateId, MsgID: msgId, ErrorCode: 0, ErrorStatus: 'success' }] },
  });
  state.later(async () => {
    await push(state, account, openid, plaintext);
  }, 10);
}

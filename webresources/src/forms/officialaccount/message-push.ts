/**
 * A Mini Program's message push configuration (消息推送), on the account form of a Mini Program row: where WeChat
 * pushes its messages and events (subscribe_msg_popup_event from requestSubscribeMessage, and the receipts of subscribe
 * messages) for the relay. An authorized Mini Program is pushed through the third-party platform: the server URL is the
 * relay's account callback (the platform's 消息与事件接收URL with $APPID$ filled in), the Token and EncodingAESKey are the
 * platform's own, and the platform allows secure mode (安全模式) and XML only. The Token and key are never shown here:
 * they are the platform's secrets for every customer, and with them anyone could forge pushes.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { AccountType, OfficialAccount } from '@wxm/solution/schema';
import { notify } from '../../shared/notify.js';
import { readRelayUrl } from '../../shared/relay.js';
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';
import type { Translate } from '../../strings/index.js';

const C = OfficialAccount.columns;
export const MESSAGE_PUSH_NOTIFICATION = 'wxm-oa-message-push';

/** The relay's callback for this appid, as the platform's 消息与事件接收URL resolves it. */
export const messagePushUrl = (relayUrl: string, appid: string): string => `${relayUrl}/api/wechat/accounts/${encodeURIComponent(appid)}/callback`;

export async function showMessagePush(xrm: Xrm, form: XrmFormContext, t: Translate): Promise<void> {
  const type = form.getAttribute<number>(C.AccountType)?.getValue() ?? null;
  const appid = form.getAttribute<string>(C.AppId)?.getValue() ?? '';
  if (type !== AccountType.MiniProgram || !/^wx[0-9a-zA-Z]{14,18}$/.test(appid)) return notify(form, MESSAGE_PUSH_NOTIFICATION, 'INFO', undefined);
  let relayUrl: string | undefined;
  try {
    relayUrl = await readRelayUrl(xrm);
  } catch {
    relayUrl = undefined;
  }
  notify(form, MESSAGE_PUSH_NOTIFICATION, 'INFO', relayUrl ? t('oa.messagePush', { url: messagePushUrl(relayUrl, appid) }) : t('oa.messagePushNoRelay'));
}

/**
 * Why a reply could not be sent, in words an operator understands and with what to do instead. The errcodes
 * of the customer-service API (message/custom/send) that operators meet most get their own text; the rest use
 * the protocol module's readable texts.
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Service_Center_messages.html
 */
import { describeWechatError } from '../../wechat/index.js';

const OPERATOR_TEXTS: Record<number, { en: string; zh: string }> = {
  45015: {
    en: 'Not sent: the follower has not written to the account in the last 48 hours, so WeChat no longer accepts customer-service messages. Use a template message instead.',
    zh: '未发送：该粉丝在最近 48 小时内没有与公众号互动，微信不再接受客服消息。请改用模板消息。',
  },
  45047: {
    en: 'Not sent: you already sent 5 messages since the follower last wrote. Wait until the follower writes again, or use a template message.',
    zh: '未发送：自粉丝上次发言以来已发送 5 条消息。请等待粉丝再次发言，或改用模板消息。',
  },
  43004: {
    en: 'Not sent: this person no longer follows the Official Account.',
    zh: '未发送：此用户已不再关注该公众号。',
  },
  48001: {
    en: 'Not sent: the account did not grant Wechat Marketing the message management permission. Authorize again from Start To Use and keep 消息管理 ticked.',
    zh: '未发送：公众号未向微信营销授予消息管理权限。请通过“开通服务”重新授权并勾选“消息管理”。',
  },
  61007: {
    en: 'Not sent: this API is not granted to the third-party platform. Authorize again from Start To Use with all permissions ticked.',
    zh: '未发送：该接口未授权给第三方平台。请通过“开通服务”重新授权并勾选全部权限。',
  },
  40003: {
    en: 'Not sent: the follower (openid) does not belong to this Official Account.',
    zh: '未发送：该粉丝（openid）不属于此公众号。',
  },
};

export function sendFailureText(errcode: number): { en: string; zh: string } {
  return OPERATOR_TEXTS[errcode] ?? describeWechatError(errcode);
}

/** Both languages in one column: operators read whichever is theirs. */
export function failureDetail(errcode: number): string {
  const { en, zh } = sendFailureText(errcode);
  return `${zh}\n${en}`;
}

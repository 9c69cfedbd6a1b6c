/**
 * The QR code use cases' view of WeChat: qrcode/create as the authorizer (its token from the shared provider) on
 * the API host, showqrcode on the MP host (mp.weixin.qq.com in production, WECHAT_MP_BASE: the only other WeChat
 * host the relay calls, and only with a ticket WeChat just gave it).
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';
import { createQrCodeApi } from '../../wechat/official-account/qrcode.js';
import type { QrCodeWechat } from './create-code.js';

export interface QrCodeWechatConfig {
  api: WechatApiClient;
  mp: WechatApiClient;
  mpBase: string;
  tokens: { forAuthorizer(appid: string): TokenSource };
}

export function qrCodeWechat(config: QrCodeWechatConfig): QrCodeWechat {
  const qr = createQrCodeApi(config.api, config.mp, config.mpBase);
  return {
    create: (appid, request) => qr.create(config.tokens.forAuthorizer(appid), request),
    image: (ticket) => qr.image(ticket),
    imageUrl: (ticket) => qr.imageUrl(ticket),
  };
}

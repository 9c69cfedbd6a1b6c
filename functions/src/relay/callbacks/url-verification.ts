/**
 * GET on the account callback URL: WeChat checks the URL by sending a plain `signature` over
 * token/timestamp/nonce and expects `echostr` back verbatim.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Mobile_App/WeChat_Login/message_push.html
 */
import type { WechatCrypto } from '../../wechat/index.js';
import { CallbackRejected } from '../errors.js';

export interface UrlVerification {
  signature: string | null;
  timestamp: string | null;
  nonce: string | null;
  echostr: string | null;
}

export function verifyCallbackUrl(input: UrlVerification, crypto: WechatCrypto): string {
  const { signature, timestamp, nonce, echostr } = input;
  if (!signature || !timestamp || !nonce || echostr === null) {
    throw new CallbackRejected('missing-parameter', 'signature, timestamp, nonce and echostr are required');
  }
  if (!crypto.verifyUrlSignature(signature, timestamp, nonce)) {
    throw new CallbackRejected('signature', 'signature does not match');
  }
  return echostr;
}

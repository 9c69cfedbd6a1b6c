/**
 * The clear-text outer envelope of an encrypted push: `<xml><ToUserName/><Encrypt/></xml>` on the message URL,
 * `<xml><AppId/><Encrypt/></xml>` on the authorization event URL. Only Encrypt is covered by msg_signature.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Message_encryption_and_decryption.html
 */
import { parseXml, type ParseXmlOptions } from '../xml/parse.js';
import { xmlText } from '../xml/read.js';
import { WechatMessageError } from './errors.js';

export interface EncryptedEnvelope {
  encrypt: string;
  /** Message URL: the account's original id, unauthenticated. */
  toUserName?: string;
  /** Authorization event URL: the component appid, unauthenticated. */
  appId?: string;
}

export function parseEncryptedEnvelope(body: string, opts?: ParseXmlOptions): EncryptedEnvelope {
  const rec = parseXml(body, opts);
  const encrypt = xmlText(rec, 'Encrypt');
  if (!encrypt) throw new WechatMessageError('Encrypt', 'the body has no Encrypt element');
  const toUserName = xmlText(rec, 'ToUserName');
  const appId = xmlText(rec, 'AppId');
  return { encrypt, ...(toUserName !== undefined && { toUserName }), ...(appId !== undefined && { appId }) };
}

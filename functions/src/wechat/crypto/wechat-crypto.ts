/**
 * WXBizMsgCrypt for a third-party platform (and OAs, Mini Programs, WeCom: same algorithm).
 * One instance per (token, EncodingAESKey, receive id). For the component the receive id is the component
 * appid on both callback URLs, never the authorizer appid in the message URL.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Message_encryption_and_decryption.html
 */
import { randomBytes } from 'node:crypto';
import { cdata } from '../xml/build.js';
import { decodeEncodingAesKey, decryptFullStr, encryptFullStr, type AesKey } from './cipher.js';
import { WechatCryptoError, WechatCryptoErrorCode as Code } from './errors.js';
import { safeEqual, sortedSha1 } from './signature.js';

export interface WechatCryptoOptions {
  /** The message-check Token configured on the platform. */
  token: string;
  /** The 43-character 消息加解密Key. */
  encodingAesKey: string;
  /** The id FullStr must end with: component appid (third-party platform), OA appid, or CorpID. */
  receiveId: string;
}

export class WechatCrypto {
  readonly #token: string;
  readonly #aes: AesKey;
  readonly #receiveId: Buffer;

  constructor({ token, encodingAesKey, receiveId }: WechatCryptoOptions) {
    if (typeof token !== 'string' || token.length === 0) {
      throw new WechatCryptoError(Code.ComputeSignature, 'token must be a non-empty string');
    }
    if (typeof receiveId !== 'string' || receiveId.length === 0) {
      throw new WechatCryptoError(Code.ValidateReceiveId, 'receiveId must be a non-empty string');
    }
    this.#token = token;
    this.#aes = decodeEncodingAesKey(encodingAesKey);
    this.#receiveId = Buffer.from(receiveId, 'utf8');
  }

  /** Plain-mode `signature` over [token, timestamp, nonce] (GET URL check, and the extra `signature` param). */
  urlSignature(timestamp: string, nonce: string): string {
    return sortedSha1([this.#token, String(timestamp), String(nonce)]);
  }

  verifyUrlSignature(signature: string, timestamp: string, nonce: string): boolean {
    return safeEqual(signature, this.urlSignature(timestamp, nonce));
  }

  /** `msg_signature` over [token, timestamp, nonce, Encrypt]. Verify this one on encrypted POSTs. */
  msgSignature(timestamp: string, nonce: string, encrypt: string): string {
    return sortedSha1([this.#token, String(timestamp), String(nonce), String(encrypt)]);
  }

  verifyMsgSignature(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    return safeEqual(signature, this.msgSignature(timestamp, nonce, encrypt));
  }

  /**
   * Decrypts an Encrypt field and returns the message (UTF-8). Checks padding, msg_len and the receive id
   * (-40005). Verify `msg_signature` first: it is what authenticates the ciphertext.
   */
  decrypt(encrypt: string): string {
    const full = decryptFullStr(this.#aes, encrypt);
    if (!full.receiveId.equals(this.#receiveId)) {
      throw new WechatCryptoError(Code.ValidateReceiveId, 'the ciphertext was made for another receive id');
    }
    return full.message.toString('utf8');
  }

  /** verifyMsgSignature + decrypt in one call; a bad signature throws -40001 before anything is decrypted. */
  verifyAndDecrypt(signature: string, timestamp: string, nonce: string, encrypt: string): string {
    if (!this.verifyMsgSignature(signature, timestamp, nonce, encrypt)) {
      throw new WechatCryptoError(Code.ValidateSignature, 'msg_signature does not match');
    }
    return this.decrypt(encrypt);
  }

  /** Encrypts a plaintext into an Encrypt field. `random16` is for deterministic tests; normally random. */
  encrypt(plaintext: string, random16: Buffer = randomBytes(16)): string {
    if (typeof plaintext !== 'string') throw new WechatCryptoError(Code.EncryptAes, 'plaintext must be a string');
    return encryptFullStr(this.#aes, Buffer.from(plaintext, 'utf8'), this.#receiveId, random16);
  }

  /**
   * The encrypted passive reply WeChat expects, laid out as in the official example:
   * `<xml>\n<Encrypt/>\n<MsgSignature/>\n<TimeStamp/>\n<Nonce/>\n</xml>`. The nonce may echo the request's.
   * (`success` and the empty string are answered unencrypted; do not pass them here.)
   */
  encryptReply(replyXml: string, timestamp: string, nonce: string, random16?: Buffer): string {
    if (!/^\d{1,20}$/.test(String(timestamp))) {
      throw new WechatCryptoError(Code.ComputeSignature, 'timestamp must be decimal seconds');
    }
    if (typeof nonce !== 'string' || nonce.length === 0) {
      throw new WechatCryptoError(Code.ComputeSignature, 'nonce must be a non-empty string');
    }
    const encrypt = this.encrypt(replyXml, random16);
    const signature = this.msgSignature(timestamp, nonce, encrypt);
    return [
      '<xml>',
      `<Encrypt>${cdata(encrypt)}</Encrypt>`,
      `<MsgSignature>${cdata(signature)}</MsgSignature>`,
      `<TimeStamp>${timestamp}</TimeStamp>`,
      `<Nonce>${cdata(nonce)}</Nonce>`,
      '</xml>',
    ].join('\n');
  }
}

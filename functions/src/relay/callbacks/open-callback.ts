/**
 * The first link of both callback chains: check the query, the signature and the timestamp, then decrypt.
 * Order matters: the signature is checked before anything is decrypted or parsed beyond the outer envelope,
 * so a forged request costs one SHA1 and is rejected as 401.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { parseXml, WechatCryptoError, WechatXmlError, type WechatCrypto, type XmlRecord } from '../../wechat/index.js';
import type { Clock } from '../../kernel/clock.js';
import { CallbackRejected } from '../errors.js';

export interface EncryptedCallback {
  timestamp: string | null;
  nonce: string | null;
  msgSignature: string | null;
  body: string;
}

export interface OpenOptions {
  crypto: WechatCrypto;
  clock: Clock;
  /** 0 disables the check. */
  clockSkewSeconds: number;
  maxBodyBytes: number;
}

export interface OpenedCallback {
  /** Outer envelope fields (ToUserName or AppId) as sent in clear. */
  envelope: XmlRecord;
  /** Decrypted plaintext XML. */
  plaintext: string;
  timestamp: string;
  nonce: string;
}

export function openEncryptedCallback(input: EncryptedCallback, options: OpenOptions): OpenedCallback {
  const { timestamp, nonce, msgSignature } = input;
  if (!timestamp || !nonce || !msgSignature) {
    throw new CallbackRejected('missing-parameter', 'timestamp, nonce and msg_signature are required');
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new CallbackRejected('timestamp', 'timestamp is not a number of seconds');

  const envelope = parseEnvelope(input.body, options.maxBodyBytes);
  const encrypt = typeof envelope.Encrypt === 'string' ? envelope.Encrypt : undefined;
  if (!encrypt) throw new CallbackRejected('malformed-xml', 'the body has no Encrypt element');

  if (!options.crypto.verifyMsgSignature(msgSignature, timestamp, nonce, encrypt)) {
    throw new CallbackRejected('signature', 'msg_signature does not match');
  }
  checkSkew(timestamp, options);

  let plaintext: string;
  try {
    plaintext = options.crypto.decrypt(encrypt);
  } catch (err) {
    if (err instanceof WechatCryptoError) {
      // -40005: the ciphertext was made for another platform (receive id); anything else is a broken payload.
      throw new CallbackRejected(err.code === -40005 ? 'receive-id' : 'decrypt', `WXBizMsgCrypt ${err.code}`);
    }
    throw err;
  }
  return { envelope, plaintext, timestamp, nonce };
}

/** Parses an XML body, mapping the hardened parser's errors to rejections. */
export function parseEnvelope(body: string, maxBodyBytes: number): XmlRecord {
  try {
    return parseXml(body, { maxBytes: maxBodyBytes });
  } catch (err) {
    if (err instanceof WechatXmlError) {
      const reason = err.kind === 'too-large' ? 'too-large' : err.kind === 'malformed' ? 'malformed-xml' : 'forbidden-xml';
      throw new CallbackRejected(reason, err.message);
    }
    throw err;
  }
}

function checkSkew(timestamp: string, { clock, clockSkewSeconds }: OpenOptions): void {
  if (clockSkewSeconds === 0) return;
  const skew = Math.abs(clock.now() / 1000 - Number(timestamp));
  if (skew > clockSkewSeconds) {
    throw new CallbackRejected('timestamp', `timestamp is ${Math.round(skew)} s away from now (limit ${clockSkewSeconds} s)`);
  }
}

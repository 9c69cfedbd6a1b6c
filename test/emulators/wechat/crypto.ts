/**
 * WXBizMsgCrypt as the simulated WeChat servers do it, written here from the protocol description with node:crypto
 * only. It deliberately shares no code with functions/src/wechat: the relay and the simulator check each other.
 *
 * Algorithm: https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Message_encryption_and_decryption.html
 * Worked example: https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** WeChat pads to 32-byte blocks (PKCS#7 with K = 32), not AES's 16. */
const PAD_BLOCK = 32;

/** A crypto failure, coded like the official WXBizMsgCrypt samples (-40001 … -40010). */
export class SimCryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimCryptoError';
  }
}

/** AESKey = Base64_Decode(EncodingAESKey + "="); 43 characters → 32 bytes. An all-zero key (43 × "A") is legal. */
export function aesKeyFromEncodingKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new SimCryptoError(-40004, 'EncodingAESKey must be 43 base64 characters');
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/**
 * SHA1 over the lexicographically sorted parts: `signature` = sort(token, timestamp, nonce),
 * `msg_signature` = sort(token, timestamp, nonce, Encrypt).
 * https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md
 */
export function sortedSha1(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** AES-256-CBC(IV = key[0..16)) over random(16) ‖ msg_len(4, big-endian) ‖ msg ‖ receiveId, 32-byte PKCS#7. */
export function encryptPayload(key: Buffer, receiveId: string, message: string, random16: Buffer = randomBytes(16)): string {
  if (random16.length !== 16) throw new SimCryptoError(-40006, 'the random prefix must be 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const full = Buffer.concat([random16, length, body, Buffer.from(receiveId, 'utf8')]);
  const padLength = PAD_BLOCK - (full.length % PAD_BLOCK);
  const padded = Buffer.concat([full, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** The inverse of {@link encryptPayload}; strict about padding and lengths so a sloppy encrypter is caught. */
export function decryptPayload(key: Buffer, encrypt: string): { message: string; receiveId: string } {
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new SimCryptoError(-40010, 'Encrypt is not a whole number of AES blocks');
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    throw new SimCryptoError(-40007, 'AES decryption failed');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > PAD_BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new SimCryptoError(-40008, 'bad PKCS#7 padding');
  }
  const full = plain.subarray(0, plain.length - pad);
  if (full.length < 20) throw new SimCryptoError(-40008, 'plaintext shorter than random + length');
  const length = full.readUInt32BE(16);
  if (20 + length > full.length) throw new SimCryptoError(-40008, 'msg_len exceeds the plaintext');
  return {
    message: full.subarray(20, 20 + length).toString('utf8'),
    receiveId: full.subarray(20 + length).toString('utf8'),
  };
}

/** One side of the encrypted channel: the component's token, AES key and receive id (the component appid). */
export class ComponentMessageCrypt {
  private readonly key: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
    readonly receiveId: string,
  ) {
    this.key = aesKeyFromEncodingKey(encodingAesKey);
  }

  /** Plain `signature` that WeChat also puts on security-mode pushes. */
  signature(timestamp: string, nonce: string): string {
    return sortedSha1(this.token, timestamp, nonce);
  }

  /** Encrypts an XML message and signs it; `random16` only for deterministic tests. */
  seal(message: string, timestamp: string, nonce: string, random16?: Buffer): { encrypt: string; msgSignature: string } {
    const encrypt = encryptPayload(this.key, this.receiveId, message, random16);
    return { encrypt, msgSignature: sortedSha1(this.token, timestamp, nonce, encrypt) };
  }

  /**
   * Checks MsgSignature, decrypts and requires the receive id to be the component appid, as WeChat does with a
   * third-party platform's encrypted passive reply.
   */
  open(encrypt: string, timestamp: string, nonce: string, msgSignature: string): string {
    if (!signaturesEqual(sortedSha1(this.token, timestamp, nonce, encrypt), msgSignature.toLowerCase())) {
      throw new SimCryptoError(-40001, 'MsgSignature does not match');
    }
    const { message, receiveId } = decryptPayload(this.key, encrypt);
    if (receiveId !== this.receiveId) {
      throw new SimCryptoError(-40005, `receive id is "${receiveId}", expected the component appid`);
    }
    return message;
  }
}

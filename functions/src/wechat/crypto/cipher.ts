/**
 * The AES layer of WXBizMsgCrypt: AES-256-CBC, IV = first 16 key bytes, PKCS#7 padding to a 32-byte block,
 * over FullStr = random(16) ‖ msg_len(4, big-endian) ‖ msg ‖ receiveId.
 * OpenSSL's own unpadding is off: it only knows 16-byte blocks and would reject any pad above 16.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { WechatCryptoError, WechatCryptoErrorCode as Code } from './errors.js';

const BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER = RANDOM_BYTES + 4;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

export interface AesKey {
  key: Buffer;
  iv: Buffer;
}

/** AESKey = Base64_Decode(EncodingAESKey + "="): 43 characters, 32 bytes. 43 × 'A' (all zero) is valid. */
export function decodeEncodingAesKey(encodingAesKey: string): AesKey {
  if (typeof encodingAesKey !== 'string' || !ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new WechatCryptoError(Code.IllegalAesKey, 'EncodingAESKey must be 43 base64 characters');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError(Code.IllegalAesKey, 'EncodingAESKey must decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

export function pkcs7Pad32(data: Buffer): Buffer {
  const pad = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

/** Strips a 1..32 pad whose bytes all carry the pad length; anything else means a wrong key or tampering. */
export function pkcs7Unpad32(data: Buffer): Buffer {
  const pad = data[data.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > data.length) {
    throw new WechatCryptoError(Code.DecryptAes, 'invalid padding');
  }
  for (let i = data.length - pad; i < data.length; i++) {
    if (data[i] !== pad) throw new WechatCryptoError(Code.DecryptAes, 'invalid padding');
  }
  return data.subarray(0, data.length - pad);
}

/** Encrypts FullStr and returns base64, as the Encrypt field carries it. */
export function encryptFullStr(aes: AesKey, message: Buffer, receiveId: Buffer, random16: Buffer): string {
  if (!Buffer.isBuffer(random16) || random16.length !== RANDOM_BYTES) {
    throw new WechatCryptoError(Code.EncryptAes, 'the random prefix must be exactly 16 bytes');
  }
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length, 0);
  const plain = pkcs7Pad32(Buffer.concat([random16, length, message, receiveId]));
  const cipher = createCipheriv('aes-256-cbc', aes.key, aes.iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface FullStr {
  random: Buffer;
  message: Buffer;
  receiveId: Buffer;
}

/** Decrypts the base64 Encrypt field and splits FullStr, checking every length on the way. */
export function decryptFullStr(aes: AesKey, encrypt: string): FullStr {
  const sealed = decodeBase64Strictly(encrypt);
  if (!sealed) throw new WechatCryptoError(Code.DecodeBase64, 'ciphertext is not base64');
  if (sealed.length === 0 || sealed.length % 16 !== 0) {
    throw new WechatCryptoError(Code.DecryptAes, 'ciphertext is not a whole number of AES blocks');
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', aes.key, aes.iv).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    throw new WechatCryptoError(Code.DecryptAes, 'AES decryption failed');
  }
  const body = pkcs7Unpad32(plain);
  if (body.length < HEADER) throw new WechatCryptoError(Code.IllegalBuffer, 'plaintext is shorter than its header');
  const length = body.readUInt32BE(RANDOM_BYTES);
  if (length > body.length - HEADER) {
    throw new WechatCryptoError(Code.IllegalBuffer, 'msg_len is larger than the plaintext');
  }
  return {
    random: body.subarray(0, RANDOM_BYTES),
    message: body.subarray(HEADER, HEADER + length),
    receiveId: body.subarray(HEADER + length),
  };
}

/**
 * Standard padded base64 only. Node's decoder silently skips characters outside the alphabet, so a
 * well-formed string is recognised by its decoded length (every skipped character shortens it); the
 * URL-safe characters Node would also accept are refused explicitly.
 */
function decodeBase64Strictly(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0) return undefined;
  if (text.includes('-') || text.includes('_')) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (text.length / 4) * 3 - pad ? bytes : undefined;
}

import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/parse.js';
import { decodeEncodingAesKey, pkcs7Pad32 } from './cipher.js';
import { WechatCryptoError } from './errors.js';
import { WechatCrypto } from './wechat-crypto.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const COMPONENT = 'wx134c8103faa5a59e';
const crypto = new WechatCrypto({ token: 'AAAAA', encodingAesKey: KEY, receiveId: COMPONENT });

/** Encrypts raw bytes with the same key/IV and no padding, to build malformed FullStr payloads. */
function sealRaw(plain: Buffer): string {
  const { key, iv } = decodeEncodingAesKey(KEY);
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function fullStr(message: string, receiveId = COMPONENT, declaredLength?: number): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(declaredLength ?? msg.length, 0);
  return Buffer.concat([Buffer.alloc(16, 7), len, msg, Buffer.from(receiveId)]);
}

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatCryptoError) return err.code;
    throw err;
  }
  throw new Error('nothing thrown');
}

describe('WechatCrypto round trips', () => {
  it.each([
    ['Chinese', '<xml><Content><![CDATA[你好，世界]]></Content></xml>'],
    ['emoji', '<xml><Content><![CDATA[👋🏽 hi 🎉\n第二行]]></Content></xml>'],
    ['empty', ''],
    ['exactly one pad block', 'x'.repeat(32 - ((16 + 4 + COMPONENT.length) % 32))],
  ])('%s survives encrypt → decrypt', (_name, text) => {
    const sealed = crypto.encrypt(text);
    expect(crypto.decrypt(sealed)).toBe(text);
    expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
  });

  it('uses a 32-byte pad when FullStr already fills whole blocks', () => {
    const text = 'x'.repeat(64 - 16 - 4 - COMPONENT.length); // FullStr = 64 bytes
    expect(Buffer.from(crypto.encrypt(text), 'base64')).toHaveLength(96);
  });

  it('uses fresh random bytes for each encryption', () => {
    expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
  });

  it('accepts the all-zero key (43 × A) of the official example', () => {
    const zero = new WechatCrypto({ token: 't', encodingAesKey: 'A'.repeat(43), receiveId: COMPONENT });
    expect(zero.decrypt(zero.encrypt('ok'))).toBe('ok');
  });

  it('builds an encrypted reply whose signature verifies and whose Encrypt decrypts', () => {
    const reply = crypto.encryptReply('<xml><Content><![CDATA[回复]]></Content></xml>', '1713424427', '415670741');
    const rec = parseXml(reply);
    expect(rec.TimeStamp).toBe('1713424427');
    expect(rec.Nonce).toBe('415670741');
    expect(crypto.verifyMsgSignature(rec.MsgSignature as string, '1713424427', '415670741', rec.Encrypt as string)).toBe(true);
    expect(crypto.decrypt(rec.Encrypt as string)).toBe('<xml><Content><![CDATA[回复]]></Content></xml>');
  });

  it('refuses a reply timestamp that is not digits (it is written bare into XML)', () => {
    expect(codeOf(() => crypto.encryptReply('<xml/>', '1<x>', 'n'))).toBe(-40003);
  });
});

describe('WechatCrypto rejections', () => {
  it('rejects a tampered ciphertext (flipped last block → broken padding)', () => {
    const sealed = Buffer.from(crypto.encrypt('<xml><a>1</a></xml>'), 'base64');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0x01;
    expect(codeOf(() => crypto.decrypt(sealed.toString('base64')))).toBe(-40007);
  });

  it('rejects a pad value of 0 and of 33', () => {
    const body = fullStr('hello');
    const fill = 64 - body.length;
    const zeroPad = Buffer.concat([body, Buffer.alloc(fill, 0)]);
    const bigPad = Buffer.concat([body, Buffer.alloc(fill, 33)]);
    expect(codeOf(() => crypto.decrypt(sealRaw(zeroPad)))).toBe(-40007);
    expect(codeOf(() => crypto.decrypt(sealRaw(bigPad)))).toBe(-40007);
  });

  it('rejects a pad whose bytes are not all equal', () => {
    const padded = pkcs7Pad32(fullStr('hello'));
    padded[padded.length - 2] = 0;
    expect(codeOf(() => crypto.decrypt(sealRaw(padded)))).toBe(-40007);
  });

  it('rejects msg_len larger than the plaintext (-40008)', () => {
    expect(codeOf(() => crypto.decrypt(sealRaw(pkcs7Pad32(fullStr('hello', COMPONENT, 5000)))))).toBe(-40008);
  });

  it('rejects a plaintext shorter than random + msg_len (-40008)', () => {
    expect(codeOf(() => crypto.decrypt(sealRaw(pkcs7Pad32(Buffer.alloc(10, 1)))))).toBe(-40008);
  });

  it('rejects another receive id (-40005), including a prefix of the expected one', () => {
    expect(codeOf(() => crypto.decrypt(sealRaw(pkcs7Pad32(fullStr('hi', 'wxba5fad812f8e6fb9')))))).toBe(-40005);
    expect(codeOf(() => crypto.decrypt(sealRaw(pkcs7Pad32(fullStr('hi', COMPONENT.slice(0, -1))))))).toBe(-40005);
  });

  it('rejects non-base64 and non-block-sized input', () => {
    expect(codeOf(() => crypto.decrypt('not base64!'))).toBe(-40010);
    const good = crypto.encrypt('x');
    expect(codeOf(() => crypto.decrypt(` ${good.slice(1)}`))).toBe(-40010);
    expect(codeOf(() => crypto.decrypt(`${good.slice(0, 8)}=${good.slice(9)}`))).toBe(-40010);
    expect(codeOf(() => crypto.decrypt(`-${good.slice(1)}`))).toBe(-40010); // URL-safe alphabet
    expect(codeOf(() => crypto.decrypt(`_${good.slice(1)}`))).toBe(-40010);
    expect(codeOf(() => crypto.decrypt(`${good}\n`))).toBe(-40010);
    expect(codeOf(() => crypto.decrypt(''))).toBe(-40010);
    expect(codeOf(() => crypto.decrypt(Buffer.alloc(20).toString('base64')))).toBe(-40007);
  });

  it.each([
    ['42 characters', KEY.slice(0, 42)],
    ['44 characters', `${KEY}A`],
    ['a non-base64 character', `${KEY.slice(0, 42)}!`],
    ['empty', ''],
  ])('refuses an EncodingAESKey of %s (-40004)', (_name, key) => {
    expect(codeOf(() => new WechatCrypto({ token: 't', encodingAesKey: key, receiveId: COMPONENT }))).toBe(-40004);
  });

  it('refuses an empty token or receive id', () => {
    expect(codeOf(() => new WechatCrypto({ token: '', encodingAesKey: KEY, receiveId: COMPONENT }))).toBe(-40003);
    expect(codeOf(() => new WechatCrypto({ token: 't', encodingAesKey: KEY, receiveId: '' }))).toBe(-40005);
  });

  it('refuses a random prefix that is not 16 bytes (-40006)', () => {
    expect(codeOf(() => crypto.encrypt('x', Buffer.alloc(15)))).toBe(-40006);
  });

  it('verifies signatures of any length without throwing', () => {
    const good = crypto.msgSignature('1', '2', 'abc');
    expect(crypto.verifyMsgSignature(good, '1', '2', 'abc')).toBe(true);
    expect(crypto.verifyMsgSignature(good.toUpperCase(), '1', '2', 'abc')).toBe(false);
    expect(crypto.verifyMsgSignature(good.slice(1), '1', '2', 'abc')).toBe(false);
    expect(crypto.verifyMsgSignature('', '1', '2', 'abc')).toBe(false);
    expect(crypto.verifyMsgSignature(undefined as unknown as string, '1', '2', 'abc')).toBe(false);
    expect(crypto.verifyUrlSignature(`${crypto.urlSignature('1', '2')}0`, '1', '2')).toBe(false);
  });

  it('verifyAndDecrypt refuses a bad signature before decrypting (-40001)', () => {
    expect(codeOf(() => crypto.verifyAndDecrypt('0'.repeat(40), '1', '2', 'garbage'))).toBe(-40001);
  });

  it('never puts key material or plaintext in error messages', () => {
    const err = (() => {
      try {
        crypto.decrypt(sealRaw(pkcs7Pad32(fullStr('secret text', 'wxother'))));
      } catch (e) {
        return e as WechatCryptoError;
      }
      throw new Error('nothing thrown');
    })();
    expect(err.codeName).toBe('ValidateAppid_Error');
    expect(err.message).toBe('ValidateAppid_Error (-40005): the ciphertext was made for another receive id');
    expect(String(err)).not.toContain('secret text');
    expect(String(err)).not.toContain(KEY);
  });
});

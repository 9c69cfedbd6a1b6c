import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WXBizMsgCrypt from 'wechat-crypto';
import { aesKeyFromEncodingKey, ComponentMessageCrypt, decryptPayload, encryptPayload, SimCryptoError, sortedSha1 } from './crypto.js';

interface Vector {
  id: string;
  kind: string;
  expect: 'pass' | 'fail';
  token: string;
  encodingAESKey?: string;
  appId?: string;
  timestamp: string;
  nonce: string;
  encrypt?: string;
  msg_signature?: string;
  signature?: string;
  plaintext?: string;
  random16?: string;
}

const vectors = JSON.parse(readFileSync(new URL('../../reference/wechat-crypto-vectors.json', import.meta.url), 'utf8')) as Vector[];

describe('published WXBizMsgCrypt vectors', () => {
  const decryptable = vectors.filter((v) => v.kind === 'decrypt' || v.kind === 'decrypt_echostr');
  it.each(decryptable.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const crypt = new ComponentMessageCrypt(v.token, v.encodingAESKey as string, v.appId as string);
    const open = (): string => crypt.open(v.encrypt as string, v.timestamp, v.nonce, v.msg_signature as string);
    if (v.expect === 'pass') expect(open()).toBe(v.plaintext);
    else expect(open).toThrow(SimCryptoError);
  });

  it.each(vectors.filter((v) => v.kind === 'encrypt_deterministic').map((v) => [v.id, v] as const))('%s encrypts deterministically', (_id, v) => {
    const crypt = new ComponentMessageCrypt(v.token, v.encodingAESKey as string, v.appId as string);
    const sealed = crypt.seal(v.plaintext as string, v.timestamp, v.nonce, Buffer.from(v.random16 as string, 'utf8'));
    expect(sealed.encrypt).toBe(v.encrypt);
    if (v.msg_signature) expect(sealed.msgSignature).toBe(v.msg_signature);
  });

  it.each(vectors.filter((v) => v.kind === 'plain_signature').map((v) => [v.id, v] as const))('%s plain signature', (_id, v) => {
    const matches = sortedSha1(v.token, v.timestamp, v.nonce) === v.signature;
    expect(matches).toBe(v.expect === 'pass');
  });

  it.each(vectors.filter((v) => v.kind === 'msg_signature_only').map((v) => [v.id, v] as const))('%s msg_signature', (_id, v) => {
    expect(sortedSha1(v.token, v.timestamp, v.nonce, v.encrypt as string)).toBe(v.msg_signature);
  });

  it('covers every vector in the file', () => {
    expect(vectors.length).toBe(18);
  });
});

describe('round trips with the independent wechat-crypto package', () => {
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const other = new WXBizMsgCrypt('tok', key, 'wx0c0a1b2c3d4e5f60');

  it.each([0, 1, 11, 12, 43, 44, 100, 2000])('simulator encrypts, wechat-crypto decrypts (message of %i bytes)', (size) => {
    const message = 'x'.repeat(size);
    const encrypt = encryptPayload(aesKeyFromEncodingKey(key), 'wx0c0a1b2c3d4e5f60', message);
    expect(other.decrypt(encrypt)).toEqual({ message, id: 'wx0c0a1b2c3d4e5f60' });
  });

  it('wechat-crypto encrypts, simulator decrypts (multi-byte text)', () => {
    const message = '<xml><Content><![CDATA[你好，世界 🌏]]></Content></xml>';
    expect(decryptPayload(aesKeyFromEncodingKey(key), other.encrypt(message))).toEqual({ message, receiveId: 'wx0c0a1b2c3d4e5f60' });
  });

  it('a 32-byte pad (a whole block) round-trips', () => {
    // 16 random + 4 length + 26 message + 18 id = 64 bytes → pad 32.
    const message = 'y'.repeat(26);
    const encrypt = encryptPayload(aesKeyFromEncodingKey(key), 'wx0c0a1b2c3d4e5f60', message);
    expect(Buffer.from(encrypt, 'base64').length).toBe(96);
    expect(decryptPayload(aesKeyFromEncodingKey(key), encrypt).message).toBe(message);
  });
});

describe('rejections', () => {
  it('rejects a key that is not 43 base64 characters', () => {
    expect(() => aesKeyFromEncodingKey('short')).toThrow(/43 base64/);
  });

  it('accepts the all-zero sample key (43 × A)', () => {
    expect(aesKeyFromEncodingKey('A'.repeat(43))).toEqual(Buffer.alloc(32));
  });

  it('rejects a reply whose receive id is not the component appid (-40005)', () => {
    const alien = new ComponentMessageCrypt('tok', 'A'.repeat(43), 'wx9999999999999999');
    const sealed = alien.seal('<xml/>', '1', '2');
    const ours = new ComponentMessageCrypt('tok', 'A'.repeat(43), 'wx0c0a1b2c3d4e5f60');
    expect(() => ours.open(sealed.encrypt, '1', '2', sealed.msgSignature)).toThrow(expect.objectContaining({ code: -40005 }));
  });

  it('rejects ciphertext that is not whole AES blocks (-40010)', () => {
    expect(() => decryptPayload(Buffer.alloc(32), Buffer.alloc(20).toString('base64'))).toThrow(expect.objectContaining({ code: -40010 }));
  });
});

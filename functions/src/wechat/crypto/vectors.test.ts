/**
 * Every published vector in shared/reference/wechat-crypto-vectors.json behaves as it says: `pass` vectors give
 * the exact plaintext / ciphertext / signature, `fail` vectors are rejected with the WXBizMsgCrypt code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WechatCryptoError } from './errors.js';
import { WechatCrypto } from './wechat-crypto.js';

interface Vector {
  id: string;
  kind: 'decrypt' | 'decrypt_echostr' | 'encrypt_deterministic' | 'plain_signature' | 'msg_signature_only';
  expect: 'pass' | 'fail';
  failure_reason?: string;
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
  reply_xml?: string;
}

const VECTORS_URL = new URL('../../../../test/reference/wechat-crypto-vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as Vector[];

/** Signature-only vectors have no key: any valid key works, the token is what matters. */
function cryptoFor(v: Vector): WechatCrypto {
  return new WechatCrypto({
    token: v.token,
    encodingAesKey: v.encodingAESKey ?? 'A'.repeat(43),
    receiveId: v.appId ?? 'wx-not-used',
  });
}

function expectedFailureCode(v: Vector): number {
  const reason = v.failure_reason ?? '';
  if (/signature/i.test(reason)) return -40001;
  if (/appid/i.test(reason)) return -40005;
  throw new Error(`vector ${v.id} does not say why it fails`);
}

function rejection(fn: () => unknown): WechatCryptoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatCryptoError) return err;
    throw err;
  }
  throw new Error('expected a WechatCryptoError, nothing was thrown');
}

describe('published WXBizMsgCrypt vectors', () => {
  it('loads all 18 vectors', () => {
    expect(vectors).toHaveLength(18);
  });

  const decrypts = vectors.filter((v) => v.kind === 'decrypt' || v.kind === 'decrypt_echostr');
  it.each(decrypts.filter((v) => v.expect === 'pass').map((v) => [v.id, v] as const))('%s decrypts exactly', (_id, v) => {
    const c = cryptoFor(v);
    expect(c.verifyMsgSignature(v.msg_signature!, v.timestamp, v.nonce, v.encrypt!)).toBe(true);
    expect(c.decrypt(v.encrypt!)).toBe(v.plaintext);
    expect(c.verifyAndDecrypt(v.msg_signature!, v.timestamp, v.nonce, v.encrypt!)).toBe(v.plaintext);
  });

  it.each(decrypts.filter((v) => v.expect === 'fail').map((v) => [v.id, v] as const))('%s is rejected', (_id, v) => {
    const err = rejection(() => cryptoFor(v).verifyAndDecrypt(v.msg_signature!, v.timestamp, v.nonce, v.encrypt!));
    expect(err.code).toBe(expectedFailureCode(v));
  });

  const encrypts = vectors.filter((v) => v.kind === 'encrypt_deterministic');
  it.each(encrypts.map((v) => [v.id, v] as const))('%s encrypts to the exact ciphertext', (_id, v) => {
    const c = cryptoFor(v);
    const random16 = Buffer.from(v.random16!, 'utf8');
    expect(c.encrypt(v.plaintext!, random16)).toBe(v.encrypt);
    expect(c.decrypt(v.encrypt!)).toBe(v.plaintext);
    if (v.msg_signature) expect(c.msgSignature(v.timestamp, v.nonce, v.encrypt!)).toBe(v.msg_signature);
    if (v.reply_xml) expect(c.encryptReply(v.plaintext!, v.timestamp, v.nonce, random16)).toBe(v.reply_xml);
  });

  const plain = vectors.filter((v) => v.kind === 'plain_signature');
  it.each(plain.map((v) => [v.id, v] as const))('%s plain signature', (_id, v) => {
    const c = cryptoFor(v);
    if (v.expect === 'pass') expect(c.urlSignature(v.timestamp, v.nonce)).toBe(v.signature);
    expect(c.verifyUrlSignature(v.signature!, v.timestamp, v.nonce)).toBe(v.expect === 'pass');
  });

  const msgOnly = vectors.filter((v) => v.kind === 'msg_signature_only');
  it.each(msgOnly.map((v) => [v.id, v] as const))('%s msg_signature', (_id, v) => {
    const c = cryptoFor(v);
    expect(c.msgSignature(v.timestamp, v.nonce, v.encrypt!)).toBe(v.msg_signature);
    expect(c.verifyMsgSignature(v.msg_signature!, v.timestamp, v.nonce, v.encrypt!)).toBe(true);
  });

  it('covers every vector exactly once', () => {
    expect(decrypts.length + encrypts.length + plain.length + msgOnly.length).toBe(vectors.length);
  });
});

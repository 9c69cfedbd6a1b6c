/**
 * Interop with two independent implementations installed from npm: node-webot's `wechat-crypto` and
 * Tencent's `@wecom/crypto`. Each side decrypts what the other encrypts, and signatures agree.
 */
import { createRequire } from 'node:module';
import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { WechatCrypto } from './wechat-crypto.js';

interface NodeWebotCrypto {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  encrypt(text: string): string;
  decrypt(text: string): { message: string; id: string };
}
const NodeWebot = createRequire(import.meta.url)('wechat-crypto') as new (token: string, encodingAESKey: string, id: string) => NodeWebotCrypto;

const TOKEN = 'RMNlACHlV5ThzfRlVS4D4';
const KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const APPID = 'wx134c8103faa5a59e';
const ours = new WechatCrypto({ token: TOKEN, encodingAesKey: KEY, receiveId: APPID });
const webot = new NodeWebot(TOKEN, KEY, APPID);

const MESSAGES = [
  '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[hello]]></Content></xml>',
  '<xml><Content><![CDATA[中文内容 😀👍🏻\n换行]]></Content></xml>',
  'x'.repeat(58), // FullStr of exactly 96 bytes → a full 32-byte pad block
  'y'.repeat(5000),
];

describe('interop with node-webot wechat-crypto', () => {
  it.each(MESSAGES.map((m, i) => [i, m] as const))('message %i: ours → webot and webot → ours', (_i, text) => {
    const fromOurs = webot.decrypt(ours.encrypt(text));
    expect(fromOurs).toEqual({ message: text, id: APPID });
    expect(ours.decrypt(webot.encrypt(text))).toBe(text);
  });

  it('computes the same msg_signature', () => {
    const encrypt = ours.encrypt('sig');
    expect(ours.msgSignature('1409735669', '1320562132', encrypt)).toBe(webot.getSignature('1409735669', '1320562132', encrypt));
  });
});

describe('interop with Tencent @wecom/crypto', () => {
  it.each(MESSAGES.map((m, i) => [i, m] as const))('message %i: ours → wecom and wecom → ours', (_i, text) => {
    const random = Buffer.from('0123456789abcdef');
    const sealed = ours.encrypt(text, random);
    expect(wecom.decrypt(KEY, sealed)).toEqual({ message: text, id: APPID, random });
    expect(ours.decrypt(wecom.encrypt(KEY, text, APPID))).toBe(text);
    // Same random prefix → byte-identical ciphertext.
    expect(wecom.encrypt(KEY, text, APPID, random)).toBe(sealed);
  });

  it('computes the same msg_signature', () => {
    const encrypt = ours.encrypt('sig');
    expect(ours.msgSignature('1', 'n', encrypt)).toBe(wecom.getSignature(TOKEN, '1', 'n', encrypt));
  });
});

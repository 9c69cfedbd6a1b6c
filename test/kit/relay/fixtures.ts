/**
 * Test fixtures for the use cases: callbacks encrypted with the real WXBizMsgCrypt (round trips, not canned
 * blobs), and the in-memory ports wired the way the composition root wires the Azure ones.
 */
import { randomBytes } from 'node:crypto';
import { WechatCrypto } from '../../../functions/src/wechat/index.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory/create-memory-storage.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import type { LogFields, Logger } from '../../../functions/src/relay/ports/logger.js';

export const COMPONENT = {
  appid: 'wx1234567890abcdef',
  token: 'relaytesttoken',
  encodingAesKey: Buffer.alloc(32, 7).toString('base64').slice(0, 43),
};
export const ACCOUNT = { appid: 'wxaaaabbbbccccdddd', originalId: 'gh_0123456789ab' };

export function componentCrypto(): WechatCrypto {
  return new WechatCrypto({ token: COMPONENT.token, encodingAesKey: COMPONENT.encodingAesKey, receiveId: COMPONENT.appid });
}

export interface SignedPush {
  timestamp: string;
  nonce: string;
  msgSignature: string;
  body: string;
}

/** Encrypts `plaintext` as WeChat does for the message URL (or the component URL with `outer: 'AppId'`). */
export function encryptedPush(
  plaintext: string,
  options: { clock: ManualClock; outer?: 'ToUserName' | 'AppId'; crypto?: WechatCrypto; outerValue?: string },
): SignedPush {
  const crypto = options.crypto ?? componentCrypto();
  const encrypt = crypto.encrypt(plaintext);
  const timestamp = String(Math.floor(options.clock.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const outer = options.outer ?? 'ToUserName';
  const value = options.outerValue ?? (outer === 'AppId' ? COMPONENT.appid : ACCOUNT.originalId);
  return {
    timestamp,
    nonce,
    msgSignature: crypto.msgSignature(timestamp, nonce, encrypt),
    body: `<xml><${outer}><![CDATA[${value}]]></${outer}><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

export function textMessage(content: string, msgId = '23456789012345678', from = 'oFollower0000000000000000001'): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT.originalId}]]></ToUserName>
<FromUserName><![CDATA[${from}]]></FromUserName>
<CreateTime>1718000000</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[${content}]]></Content>
<MsgId>${msgId}</MsgId>
</xml>`;
}

export function eventMessage(event: string, eventKey = '', from = 'oFollower0000000000000000001'): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT.originalId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1718000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${eventKey}]]></EventKey></xml>`;
}

/** A Logger that keeps every line, for assertions (and secret scans). */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; fields?: LogFields }> = [];
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, ...(fields && { fields }) });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, ...(fields && { fields }) });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, ...(fields && { fields }) });
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields ?? {})}`).join('\n');
  }
}

export function memoryWorld(): { clock: ManualClock; storage: MemoryStorage; logger: RecordingLogger } {
  const clock = new ManualClock(Date.UTC(2024, 5, 10, 6, 13, 20));
  return { clock, storage: createMemoryStorage({ clock }), logger: new RecordingLogger() };
}

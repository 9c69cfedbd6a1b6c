import { describe, expect, it } from 'vitest';
import { parseEncryptedEnvelope } from './envelope.js';
import { WechatMessageError } from './errors.js';

describe('parseEncryptedEnvelope', () => {
  it('reads the message-URL envelope', () => {
    expect(parseEncryptedEnvelope('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>')).toEqual({
      encrypt: 'abc=', toUserName: 'gh_1',
    });
  });

  it('reads the authorization-event envelope (AppId instead of ToUserName)', () => {
    expect(parseEncryptedEnvelope('<xml><AppId><![CDATA[wxc]]></AppId><Encrypt><![CDATA[x]]></Encrypt></xml>')).toEqual({ encrypt: 'x', appId: 'wxc' });
  });

  it('refuses a body without Encrypt', () => {
    expect(() => parseEncryptedEnvelope('<xml><ToUserName>gh</ToUserName></xml>')).toThrow(WechatMessageError);
  });
});

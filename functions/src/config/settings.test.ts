import { describe, expect, it } from 'vitest';
import { isSandbox, loadSettings, type Env } from './settings.js';
import { SettingsError } from './settings-error.js';

const VALID: Env = {
  WECHAT_COMPONENT_APPID: 'wx1234567890abcdef',
  WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
  WECHAT_COMPONENT_TOKEN: 'relaytoken',
  WECHAT_COMPONENT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  RELAY_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
};

function failure(env: Env): SettingsError {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err;
    throw err;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  it('applies the documented defaults', () => {
    const s = loadSettings(VALID);
    expect(s).toMatchObject({
      wechatApiBase: 'https://api.weixin.qq.com',
      wechatMpBase: 'https://mp.weixin.qq.com',
      clockSkewSeconds: 300,
      publicUrl: 'http://localhost:7071',
      port: 7071,
      functionKey: undefined,
    });
    expect(s.secretKey).toHaveLength(32);
  });

  it.each([
    ['WECHAT_COMPONENT_APPID', undefined, 'is required'],
    ['WECHAT_COMPONENT_APPID', 'wxshort', 'must be a WeChat appid'],
    ['WECHAT_COMPONENT_AES_KEY', 'tooshort', '43-character'],
    ['WECHAT_COMPONENT_TOKEN', 'has space', '3–32 letters'],
    ['WECHAT_CLOCK_SKEW_SECONDS', '-5', 'whole number'],
    ['RELAY_PUBLIC_URL', 'ftp://x', 'http(s) URL'],
    ['RELAY_SECRET_KEY', 'c2hvcnQ=', '32 bytes'],
    ['AzureWebJobsStorage', 'nonsense', 'connection string'],
    ['PORT', '70000', 'between 1 and 65535'],
  ])('names %s when it is %s', (name, value, problem) => {
    const err = failure({ ...VALID, [name]: value });
    expect(err.setting).toBe(name);
    expect(err.message).toContain(name);
    expect(err.message).toContain(problem);
    if (value) expect(err.message).not.toContain(value);
  });

  it('treats no WeChat credentials at all as the sandbox', () => {
    expect(isSandbox({})).toBe(true);
    expect(isSandbox({ WECHAT_COMPONENT_APPID: 'wx1234567890abcdef' })).toBe(false);
  });

  it('strips a trailing slash from base URLs', () => {
    expect(loadSettings({ ...VALID, WECHAT_API_BASE: 'http://127.0.0.1:7073/' }).wechatApiBase).toBe('http://127.0.0.1:7073');
  });
});

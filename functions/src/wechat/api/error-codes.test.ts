import { describe, expect, it } from 'vitest';
import { describeWechatError, WECHAT_ERROR_TEXTS } from './error-codes.js';
import { WechatApiError } from './errors.js';
import { redactSecrets } from './redact.js';

const REQUIRED = [
  -1, 40001, 40014, 42001, 41001, 40003, 40125, 43004, 45009, 45011, 45015, 45047, 48001, 40164, 61003, 61004, 61005, 61006, 61007, 61023, 61024,
];

describe('WeChat error texts', () => {
  it.each(REQUIRED)('errcode %i has English and Chinese text', (code) => {
    const text = WECHAT_ERROR_TEXTS[code];
    expect(text?.en.length).toBeGreaterThan(10);
    expect(text?.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('classifies the codes the relay reacts to', () => {
    const kinds = Object.fromEntries(REQUIRED.map((c) => [c, describeWechatError(c).kind]));
    expect(kinds).toEqual({
      '-1': 'busy',
      40001: 'token-invalid',
      40014: 'token-invalid',
      42001: 'token-invalid',
      41001: 'token-invalid',
      40003: 'invalid-input',
      40125: 'permission',
      43004: 'permission',
      45009: 'quota',
      45011: 'quota',
      45015: 'window-closed',
      45047: 'quota',
      48001: 'permission',
      40164: 'permission',
      61003: 'permission',
      61004: 'permission',
      61005: 'permission',
      61006: 'permission',
      61007: 'permission',
      61023: 'permission',
      61024: 'invalid-input',
    });
  });

  it('unknown codes are "other" with a generic text', () => {
    expect(new WechatApiError(99999, 'odd')).toMatchObject({ kind: 'other', en: 'WeChat returned error 99999.', zh: '微信返回错误码 99999。', errmsg: 'odd' });
  });

  it('redacts token-like values in query strings and JSON', () => {
    expect(redactSecrets('x?access_token=abc&component_access_token=def&lang=zh')).toBe('x?access_token=***&component_access_token=***&lang=zh');
    expect(redactSecrets('{"authorizer_refresh_token":"refreshtoken@@@x","openid":"o"}')).toBe('{"authorizer_refresh_token":"***","openid":"o"}');
    expect(new WechatApiError(40001, 'bad access_token=LEAK').message).not.toContain('LEAK');
  });
});

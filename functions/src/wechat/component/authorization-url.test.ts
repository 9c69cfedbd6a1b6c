import { describe, expect, it } from 'vitest';
import { buildAuthorizationUrl } from './authorization-url.js';

const input = {
  mpBase: 'https://mp.weixin.qq.com',
  componentAppid: 'wxc',
  preAuthCode: 'preauthcode@@@abc',
  redirectUri: 'https://relay.example.com/api/wechat/authorize/callback?state=s1&x=1',
  authType: 1 as const,
};

describe('buildAuthorizationUrl', () => {
  it('PC page on mpBase with an encoded redirect_uri', () => {
    expect(buildAuthorizationUrl(input)).toBe(
      'https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxc&pre_auth_code=preauthcode%40%40%40abc' +
        '&redirect_uri=https%3A%2F%2Frelay.example.com%2Fapi%2Fwechat%2Fauthorize%2Fcallback%3Fstate%3Ds1%26x%3D1&auth_type=1',
    );
  });

  it('mobile page on open.weixin.qq.com with biz_appid', () => {
    expect(buildAuthorizationUrl({ ...input, mobile: true, authType: 3, bizAppid: 'wxbiz' })).toBe(
      'https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=wxc' +
        '&pre_auth_code=preauthcode%40%40%40abc&redirect_uri=https%3A%2F%2Frelay.example.com%2Fapi%2Fwechat%2Fauthorize%2Fcallback%3Fstate%3Ds1%26x%3D1' +
        '&auth_type=3&biz_appid=wxbiz#wechat_redirect',
    );
  });

  it('a simulator mpBase serves the mobile page too, unless openBase is given', () => {
    const sim = { ...input, mpBase: 'http://localhost:7073/', mobile: true };
    expect(buildAuthorizationUrl(sim)).toMatch(/^http:\/\/localhost:7073\/wxaopen\/safe\/bindcomponent\?action=bindcomponent&/);
    expect(buildAuthorizationUrl({ ...sim, openBase: 'https://open.example' })).toMatch(/^https:\/\/open\.example\/wxaopen\//);
    expect(buildAuthorizationUrl({ ...input, mpBase: 'http://localhost:7073' })).toMatch(/^http:\/\/localhost:7073\/cgi-bin\/componentloginpage\?/);
  });

  it('refuses a bad authType or a relative redirect', () => {
    expect(() => buildAuthorizationUrl({ ...input, authType: 4 as 1 })).toThrow(RangeError);
    expect(() => buildAuthorizationUrl({ ...input, redirectUri: '/callback' })).toThrow(TypeError);
  });
});

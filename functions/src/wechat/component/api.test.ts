import { describe, expect, it } from 'vitest';
import { createWechatApiClient } from '../api/client.js';
import { WechatHttpError } from '../api/errors.js';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createComponentApi } from './api.js';

function setup(...responders: Parameters<typeof scriptedFetch>) {
  const fetch = scriptedFetch(...responders);
  const client = createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch });
  const api = createComponentApi({
    client,
    componentAppid: 'wxcomponent',
    componentAppsecret: 'SECRET',
    componentToken: { get: async () => 'CAT', invalidate: async () => {} },
  });
  return { api, fetch };
}

const pathAndQuery = (u: URL) => `${u.pathname}${u.search}`;

describe('component API', () => {
  it('apiComponentToken posts appid, secret and ticket, without a token', async () => {
    const { api, fetch } = setup(() => json({ component_access_token: 'cat-1', expires_in: 7200 }));
    await expect(api.apiComponentToken('ticket@@@x')).resolves.toEqual({ accessToken: 'cat-1', expiresIn: 7200 });
    expect(pathAndQuery(fetch.calls[0]!.url)).toBe('/cgi-bin/component/api_component_token');
    expect(fetch.calls[0]!.body).toEqual({ component_appid: 'wxcomponent', component_appsecret: 'SECRET', component_verify_ticket: 'ticket@@@x' });
  });

  it('createPreAuthCode sends component_access_token', async () => {
    const { api, fetch } = setup(() => json({ pre_auth_code: 'preauthcode@@@1', expires_in: 600 }));
    await expect(api.createPreAuthCode()).resolves.toBe('preauthcode@@@1');
    expect(pathAndQuery(fetch.calls[0]!.url)).toBe('/cgi-bin/component/api_create_preauthcode?component_access_token=CAT');
    expect(fetch.calls[0]!.body).toEqual({ component_appid: 'wxcomponent' });
  });

  it('queryAuth maps authorization_info and func_info ids', async () => {
    const { api, fetch } = setup(() =>
      json({
        authorization_info: {
          authorizer_appid: 'wxf8b4f85f3a794e77',
          authorizer_access_token: 'aat',
          expires_in: 7200,
          authorizer_refresh_token: 'refreshtoken@@@r',
          func_info: [{ funcscope_category: { id: 2 } }, { funcscope_category: { id: 1 } }, { funcscope_category: { id: 1 } }, { other: 1 }],
        },
      }),
    );
    await expect(api.queryAuth('queryauthcode@@@q')).resolves.toEqual({
      authorizerAppid: 'wxf8b4f85f3a794e77',
      accessToken: 'aat',
      expiresIn: 7200,
      refreshToken: 'refreshtoken@@@r',
      funcScopes: [1, 2],
    });
    expect(fetch.calls[0]!.body).toEqual({ component_appid: 'wxcomponent', authorization_code: 'queryauthcode@@@q' });
  });

  it('queryAuth refuses an answer without a refresh token', async () => {
    const { api } = setup(() => json({ authorization_info: { authorizer_appid: 'a', authorizer_access_token: 't', expires_in: 7200 } }));
    const err = await api.queryAuth('c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatHttpError);
    expect(err).toMatchObject({
      path: '/cgi-bin/component/api_query_auth',
      message: 'WeChat API /cgi-bin/component/api_query_auth answered without authorizer_refresh_token',
    });
  });

  it('authorizerToken returns the refresh token when WeChat sends one', async () => {
    const { api, fetch } = setup(
      () => json({ authorizer_access_token: 'a2', expires_in: 7200, authorizer_refresh_token: 'r2' }),
      () => json({ authorizer_access_token: 'a3', expires_in: 7200 }),
    );
    await expect(api.authorizerToken('wxa', 'r1')).resolves.toEqual({ accessToken: 'a2', expiresIn: 7200, refreshToken: 'r2' });
    await expect(api.authorizerToken('wxa', 'r2')).resolves.toEqual({ accessToken: 'a3', expiresIn: 7200 });
    expect(fetch.calls[0]!.body).toEqual({ component_appid: 'wxcomponent', authorizer_appid: 'wxa', authorizer_refresh_token: 'r1' });
  });

  it('getAuthorizerInfo flattens an Official Account', async () => {
    const { api } = setup(() =>
      json({
        authorizer_info: {
          nick_name: '微信SDK Demo Special',
          head_img: 'http://wx.qlogo.cn/x',
          service_type_info: { id: 2 },
          verify_type_info: { id: -1 },
          user_name: 'gh_eb5e3a772040',
          principal_name: '腾讯计算机系统有限公司',
          alias: '',
          qrcode_url: 'URL',
          account_status: 1,
          business_info: { open_pay: 0 },
        },
        authorization_info: { authorizer_appid: 'wxf8b4f85f3a794e77', authorizer_refresh_token: 'r', func_info: [{ funcscope_category: { id: 1 } }] },
      }),
    );
    await expect(api.getAuthorizerInfo('wxf8b4f85f3a794e77')).resolves.toEqual({
      appid: 'wxf8b4f85f3a794e77',
      nickName: '微信SDK Demo Special',
      originalId: 'gh_eb5e3a772040',
      serviceType: 2,
      verifyType: -1,
      isMiniProgram: false,
      funcScopes: [1],
      refreshToken: 'r',
      principalName: '腾讯计算机系统有限公司',
      headImg: 'http://wx.qlogo.cn/x',
      qrcodeUrl: 'URL',
      accountStatus: 1,
    });
  });

  it('getAuthorizerInfo recognises a Mini Program and unknown service types', async () => {
    const { api } = setup(() =>
      json({
        authorizer_info: { nick_name: 'mp', user_name: 'gh_m', service_type_info: { id: 10 }, MiniProgramInfo: { network: {} } },
        authorization_info: { authorizer_appid: 'wxm' },
      }),
    );
    await expect(api.getAuthorizerInfo('wxm')).resolves.toEqual({
      appid: 'wxm',
      nickName: 'mp',
      originalId: 'gh_m',
      serviceType: 10,
      isMiniProgram: true,
      funcScopes: [],
    });
  });

  it('startPushTicket posts appid and secret, without a token', async () => {
    const { api, fetch } = setup(() => json({ errcode: 0, errmsg: 'ok' }));
    await api.startPushTicket();
    expect(pathAndQuery(fetch.calls[0]!.url)).toBe('/cgi-bin/component/api_start_push_ticket');
    expect(fetch.calls[0]!.body).toEqual({ component_appid: 'wxcomponent', component_secret: 'SECRET' });
  });

  it('errcode answers become WechatApiError (61006 ticket invalid)', async () => {
    const { api } = setup(() => json({ errcode: 61006, errmsg: 'component ticket is invalid' }));
    await expect(api.apiComponentToken('old')).rejects.toMatchObject({ name: 'WechatApiError', errcode: 61006, kind: 'permission' });
  });
});

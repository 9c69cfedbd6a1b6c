import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT } from '../testkit/fake-relay.js';
import { authorizerTokens, componentToken, DEMO, startHarness, type Harness, type WechatJson } from '../testkit/harness.js';

let h: Harness;
let ctoken: string;
beforeEach(async () => {
  h = await startHarness();
  await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3, 4]);
  ctoken = await componentToken(h.sim);
  await h.sim.push({ appid: DEMO.appid, openid: 'oWebUser01', msgType: 'event', event: 'subscribe' });
});
afterEach(async () => {
  await h.close();
});

const REDIRECT = 'https://relay.example.com/api/wechat/oauth/callback';

async function open(query: Record<string, string>): Promise<Response> {
  const q = new URLSearchParams({
    appid: DEMO.appid,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'snsapi_base',
    state: 'st.ate',
    component_appid: COMPONENT.appid,
    sim_openid: 'oWebUser01',
    ...query,
  });
  return fetch(`${h.sim.url}/connect/oauth2/authorize?${q.toString()}`, { redirect: 'manual' });
}

async function codeOf(query: Record<string, string> = {}): Promise<string> {
  const r = await open(query);
  expect(r.status).toBe(302);
  const back = new URL(r.headers.get('location') ?? '');
  expect(back.origin + back.pathname).toBe(REDIRECT);
  expect(back.searchParams.get('state')).toBe('st.ate');
  return back.searchParams.get('code') ?? '';
}

async function sns(path: string, query: Record<string, string>): Promise<WechatJson> {
  return (await (await fetch(`${h.sim.url}/sns/${path}?${new URLSearchParams(query).toString()}`)).json()) as WechatJson;
}
const exchange = (code: string) =>
  sns('oauth2/component/access_token', {
    appid: DEMO.appid,
    code,
    grant_type: 'authorization_code',
    component_appid: COMPONENT.appid,
    component_access_token: ctoken,
  });

describe('web authorization on behalf of an account', () => {
  it('snsapi_base: a code for the follower, exchanged once (40029 on the second exchange)', async () => {
    const code = await codeOf();
    const grant = await exchange(code);
    expect(grant).toMatchObject({ openid: 'oWebUser01', scope: 'snsapi_base', expires_in: 7200 });
    expect(typeof grant.access_token).toBe('string');
    expect((await exchange(code)).errcode).toBe(40029);
    expect((await sns('userinfo', { access_token: grant.access_token as string, openid: 'oWebUser01', lang: 'zh_CN' })).errcode).toBe(48001);
  });

  it('snsapi_userinfo: the consent page first, then a nickname from /sns/userinfo', async () => {
    const consent = await open({ scope: 'snsapi_userinfo' });
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('id="allow"');
    const grant = await exchange(await codeOf({ scope: 'snsapi_userinfo', sim_consent: '1' }));
    const info = await sns('userinfo', { access_token: grant.access_token as string, openid: 'oWebUser01', lang: 'zh_CN' });
    expect(info).toMatchObject({ openid: 'oWebUser01', nickname: '微信用户er01' });
    expect((await sns('userinfo', { access_token: 'forged', openid: 'oWebUser01' })).errcode).toBe(40001);
    expect((await sns('userinfo', { access_token: grant.access_token as string, openid: 'oOther' })).errcode).toBe(40003);
  });

  it('refuses an account without set 4, a wrong component, a forged code and a missing component token', async () => {
    await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3]);
    const page = await open({});
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-errcode="10005"');
    expect(await (await open({ component_appid: 'wxnotthecomponent0' })).text()).toContain('data-errcode="10016"');
    await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3, 4]);
    expect((await exchange('0123456789abcdef0123456789abcdef')).errcode).toBe(40029);
    const code = await codeOf();
    expect(
      (await sns('oauth2/component/access_token', { appid: DEMO.appid, code, grant_type: 'authorization_code', component_appid: COMPONENT.appid })).errcode,
    ).toBe(41001);
  });
});

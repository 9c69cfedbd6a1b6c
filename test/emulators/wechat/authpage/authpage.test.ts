import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT } from '../testkit/fake-relay.js';
import { callApi, componentToken, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = await componentToken(h.sim);
  h.relay.received.length = 0;
});
afterEach(async () => {
  await h.close();
});

async function preAuthCode(): Promise<string> {
  const answer = await callApi(h.sim, 'component/api_create_preauthcode', { component_access_token: token }, { component_appid: COMPONENT.appid });
  return answer.pre_auth_code as string;
}

function pageUrl(path: string, params: Record<string, string>): string {
  return `${h.sim.url}${path}?${new URLSearchParams(params).toString()}`;
}

/** Extracts the "authorize all" link of one account from the page. */
function approveLink(html: string, appid: string): string {
  const match = new RegExp(`id="authorize-all-${appid}" href="([^"]+)"`).exec(html);
  if (!match) throw new Error(`no authorize link for ${appid}`);
  return (match[1] as string).replaceAll('&amp;', '&');
}

describe('componentloginpage', () => {
  it('lists the accounts that match auth_type, and only biz_appid when given', async () => {
    const code = await preAuthCode();
    const base = { component_appid: COMPONENT.appid, pre_auth_code: code, redirect_uri: 'https://relay.example/api/wechat/authorize/callback' };
    const oaOnly = await (await fetch(pageUrl('/cgi-bin/componentloginpage', { ...base, auth_type: '1' }))).text();
    expect(oaOnly).toContain(`data-appid="${DEMO.appid}"`);
    expect(oaOnly).toContain('data-appid="wx570bc396a51b8ff8"');
    expect(oaOnly).not.toContain('data-appid="wxd101a85aa106f53e"');
    const mpOnly = await (await fetch(pageUrl('/cgi-bin/componentloginpage', { ...base, auth_type: '2' }))).text();
    expect(mpOnly).toContain('data-appid="wxd101a85aa106f53e"');
    expect(mpOnly).not.toContain(`data-appid="${DEMO.appid}"`);
    const pinned = await (await fetch(pageUrl('/cgi-bin/componentloginpage', { ...base, biz_appid: DEMO.appid }))).text();
    expect(pinned.match(/class="account"/g)).toHaveLength(1);
    expect(pinned).toContain('授权 Authorize');
  });

  it('approve pushes `authorized`, redirects with auth_code, and the code exchanges once', async () => {
    const code = await preAuthCode();
    const page = await fetch(
      pageUrl('/cgi-bin/componentloginpage', {
        component_appid: COMPONENT.appid,
        pre_auth_code: code,
        redirect_uri: 'https://relay.example/api/wechat/authorize/callback?state=abc',
        auth_type: '3',
      }),
    );
    expect(page.status).toBe(200);
    const approve = await fetch(`${h.sim.url}${approveLink(await page.text(), DEMO.appid)}`, { redirect: 'manual' });
    expect(approve.status).toBe(302);
    const location = new URL(approve.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://relay.example/api/wechat/authorize/callback');
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('expires_in')).toBe('600');
    const authCode = location.searchParams.get('auth_code') ?? '';
    expect(authCode).toMatch(/^queryauthcode@@@/);

    const [event] = h.relay.received;
    expect(event?.path).toBe('/api/wechat/component');
    expect(event?.outer.AppId).toBe(COMPONENT.appid);
    expect(event?.decrypted.id).toBe(COMPONENT.appid);
    expect([event?.msgSignatureValid, event?.signatureValid]).toEqual([true, true]);
    expect(event?.query.get('encrypt_type')).toBe('aes');
    expect(event?.fields).toMatchObject({
      AppId: COMPONENT.appid,
      InfoType: 'authorized',
      AuthorizerAppid: DEMO.appid,
      AuthorizationCode: authCode,
      AuthorizationCodeExpiredTime: String(Math.floor(h.clock.now() / 1000) + 600),
      PreAuthCode: code,
    });

    const exchange = () =>
      callApi(h.sim, 'component/api_query_auth', { component_access_token: token }, { component_appid: COMPONENT.appid, authorization_code: authCode });
    const info = (await exchange()).authorization_info;
    expect(info).toMatchObject({ authorizer_appid: DEMO.appid, expires_in: 7200 });
    expect(info.func_info).toHaveLength(20);
    expect((await exchange()).errcode).toBe(61009);
  });

  it('grants only the permission sets left checked in the form', async () => {
    const code = await preAuthCode();
    const query = new URLSearchParams({
      component_appid: COMPONENT.appid,
      pre_auth_code: code,
      redirect_uri: 'http://localhost/cb',
      appid: DEMO.appid,
      scopes_submitted: '1',
    });
    query.append('scope', '2');
    query.append('scope', '7');
    const approve = await fetch(`${h.sim.url}/cgi-bin/componentloginpage/approve?${query.toString()}`, { redirect: 'manual' });
    const authCode = new URL(approve.headers.get('location') ?? '').searchParams.get('auth_code');
    const answer = await callApi(
      h.sim,
      'component/api_query_auth',
      { component_access_token: token },
      { component_appid: COMPONENT.appid, authorization_code: authCode },
    );
    expect(answer.authorization_info.func_info.map((f: { funcscope_category: { id: number } }) => f.funcscope_category.id)).toEqual([2, 7]);
  });

  it('shows an error page for an unknown, used or expired pre_auth_code', async () => {
    const params = (pre: string) => ({ component_appid: COMPONENT.appid, pre_auth_code: pre, redirect_uri: 'http://localhost/cb' });
    const unknown = await (await fetch(pageUrl('/cgi-bin/componentloginpage', params('preauthcode@@@nope')))).text();
    expect(unknown).toContain('data-error="preauthcode-unknown"');

    const used = await preAuthCode();
    const first = await fetch(pageUrl('/cgi-bin/componentloginpage/approve', { ...params(used), appid: DEMO.appid }), { redirect: 'manual' });
    expect(first.status).toBe(302);
    const again = await fetch(pageUrl('/cgi-bin/componentloginpage/approve', { ...params(used), appid: DEMO.appid }), { redirect: 'manual' });
    expect([again.status, (await again.text()).includes('data-error="preauthcode-used"')]).toEqual([200, true]);

    const late = await preAuthCode();
    h.clock.advance(600);
    const expired = await (await fetch(pageUrl('/safe/bindcomponent', { ...params(late), action: 'bindcomponent', no_scan: '1' }))).text();
    expect(expired).toContain('data-error="preauthcode-expired"');
    expect(expired).toContain('name="viewport"');
  });

  it('a second approval pushes updateauthorized and invalidates the old refresh token and access token', async () => {
    const first = await h.sim.authorize(DEMO.appid);
    const exchange = (code: string) =>
      callApi(h.sim, 'component/api_query_auth', { component_access_token: token }, { component_appid: COMPONENT.appid, authorization_code: code });
    const oldInfo = (await exchange(first.authCode)).authorization_info;
    const second = await h.sim.authorize(DEMO.appid, { scopes: [1, 2] });
    expect(second.infoType).toBe('updateauthorized');
    expect(h.relay.received.map((p) => p.fields.InfoType)).toEqual(['authorized', 'updateauthorized']);
    expect((await callApi(h.sim, 'user/get', { access_token: oldInfo.authorizer_access_token })).errcode).toBe(40001);
    const refresh = await callApi(
      h.sim,
      'component/api_authorizer_token',
      { component_access_token: token },
      {
        component_appid: COMPONENT.appid,
        authorizer_appid: DEMO.appid,
        authorizer_refresh_token: oldInfo.authorizer_refresh_token,
      },
    );
    expect(refresh.errcode).toBe(61023);
    expect((await exchange(second.authCode)).authorization_info.authorizer_refresh_token).not.toBe(oldInfo.authorizer_refresh_token);
  });

  it('unauthorize pushes `unauthorized`; the account tokens and refresh stop working (40001 / 61003)', async () => {
    const { authCode } = await h.sim.authorize(DEMO.appid);
    const info = (
      await callApi(h.sim, 'component/api_query_auth', { component_access_token: token }, { component_appid: COMPONENT.appid, authorization_code: authCode })
    ).authorization_info;
    const result = await h.sim.unauthorize(DEMO.appid);
    expect([result.status, result.error]).toEqual([200, undefined]);
    expect(h.relay.received.at(-1)?.fields).toEqual({
      AppId: COMPONENT.appid,
      CreateTime: String(Math.floor(h.clock.now() / 1000)),
      InfoType: 'unauthorized',
      AuthorizerAppid: DEMO.appid,
    });
    expect((await callApi(h.sim, 'user/get', { access_token: info.authorizer_access_token })).errcode).toBe(40001);
    const refresh = await callApi(
      h.sim,
      'component/api_authorizer_token',
      { component_access_token: token },
      {
        component_appid: COMPONENT.appid,
        authorizer_appid: DEMO.appid,
        authorizer_refresh_token: info.authorizer_refresh_token,
      },
    );
    expect(refresh.errcode).toBe(61003);
  });
});

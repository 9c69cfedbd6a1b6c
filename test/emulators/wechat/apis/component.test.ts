import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT } from '../testkit/fake-relay.js';
import { authorizerTokens, callApi, componentToken, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const tokenBody = (ticket: string | undefined, secret = COMPONENT.appsecret) => ({
  component_appid: COMPONENT.appid,
  component_appsecret: secret,
  component_verify_ticket: ticket,
});

describe('api_component_token', () => {
  it('needs the pushed ticket and the right secret', async () => {
    const { ticket, status, error } = await h.sim.pushTicket();
    expect([status, error]).toEqual([200, undefined]);
    const bad = await callApi(h.sim, 'component/api_component_token', {}, tokenBody('ticket@@@forged'));
    expect(bad.errcode).toBe(61006);
    expect(bad.errmsg).toMatch(/^component ticket is invalid rid: /);
    expect((await callApi(h.sim, 'component/api_component_token', {}, tokenBody(ticket, 'wrong'))).errcode).toBe(40125);
    expect((await callApi(h.sim, 'component/api_component_token', {}, { ...tokenBody(ticket), component_appid: 'wx1111111111111111' })).errcode).toBe(61011);
    const good = await callApi(h.sim, 'component/api_component_token', {}, tokenBody(ticket));
    expect(good.expires_in).toBe(7200);
    expect(typeof good.component_access_token).toBe('string');
    expect(h.sim.stats().componentTokenCalls).toBe(4);
  });

  it('accepts an older ticket for 12 h, then answers 61005', async () => {
    const { ticket: old } = await h.sim.pushTicket();
    h.clock.advance(600);
    await h.sim.pushTicket();
    expect((await callApi(h.sim, 'component/api_component_token', {}, tokenBody(old))).expires_in).toBe(7200);
    h.clock.advance(12 * 3600);
    expect((await callApi(h.sim, 'component/api_component_token', {}, tokenBody(old))).errcode).toBe(61005);
  });

  it('a new token leaves the previous one valid for 300 s, then 40001; every token expires after 7200 s (42001)', async () => {
    const first = await componentToken(h.sim);
    const use = (token: string) => callApi(h.sim, 'component/api_create_preauthcode', { component_access_token: token }, { component_appid: COMPONENT.appid });
    h.clock.advance(60);
    const second = await componentToken(h.sim);
    h.clock.advance(299);
    expect((await use(first)).expires_in).toBe(600);
    h.clock.advance(1);
    expect((await use(first)).errcode).toBe(40001);
    expect((await use(second)).expires_in).toBe(600);
    h.clock.advance(7200 - 300);
    expect((await use(second)).errcode).toBe(42001);
    expect(h.sim.stats()).toMatchObject({ staleTokenRejections: 2, replacedTokenUses: 2, unknownTokenRejections: 0 });
  });

  it('answers 41001 without a token, 40001 for an unknown one, and accepts access_token as the parameter name', async () => {
    const body = { component_appid: COMPONENT.appid };
    expect((await callApi(h.sim, 'component/api_create_preauthcode', {}, body)).errcode).toBe(41001);
    expect((await callApi(h.sim, 'component/api_create_preauthcode', { component_access_token: 'forged' }, body)).errcode).toBe(40001);
    const token = await componentToken(h.sim);
    expect((await callApi(h.sim, 'component/api_create_preauthcode', { access_token: token }, body)).expires_in).toBe(600);
    expect(h.sim.stats().unknownTokenRejections).toBe(1);
  });
});

describe('authorizer tokens', () => {
  it('api_authorizer_token checks the refresh token (61023) and replaces the access token', async () => {
    const { accessToken, refreshToken } = await authorizerTokens(h.sim);
    expect(refreshToken).toMatch(/^refreshtoken@@@/);
    const token = await componentToken(h.sim);
    const refresh = (rt: string) =>
      callApi(
        h.sim,
        'component/api_authorizer_token',
        { component_access_token: token },
        {
          component_appid: COMPONENT.appid,
          authorizer_appid: DEMO.appid,
          authorizer_refresh_token: rt,
        },
      );
    expect((await refresh('refreshtoken@@@wrong')).errcode).toBe(61023);
    const renewed = await refresh(refreshToken);
    expect(renewed).toMatchObject({ expires_in: 7200, authorizer_refresh_token: refreshToken });
    const userGet = (t: string) => callApi(h.sim, 'user/get', { access_token: t });
    expect((await userGet(accessToken)).total).toBe(0);
    h.clock.advance(300);
    expect((await userGet(accessToken)).errcode).toBe(40001);
    expect((await userGet(renewed.authorizer_access_token)).total).toBe(0);
    expect(h.sim.stats().authorizerTokenCalls).toBe(2);
  });

  it('can rotate the refresh token; the old one then answers 61023', async () => {
    await h.close();
    h = await startHarness({ rotateRefreshTokens: true });
    const { refreshToken } = await authorizerTokens(h.sim);
    const token = await componentToken(h.sim);
    const body = (rt: string) => ({ component_appid: COMPONENT.appid, authorizer_appid: DEMO.appid, authorizer_refresh_token: rt });
    const renewed = await callApi(h.sim, 'component/api_authorizer_token', { component_access_token: token }, body(refreshToken));
    expect(renewed.authorizer_refresh_token).not.toBe(refreshToken);
    expect((await callApi(h.sim, 'component/api_authorizer_token', { component_access_token: token }, body(refreshToken))).errcode).toBe(61023);
  });

  it('rejects the wrong kind of token: 61015 on account APIs, 61014 on component APIs', async () => {
    const { accessToken } = await authorizerTokens(h.sim);
    const token = await componentToken(h.sim);
    expect((await callApi(h.sim, 'user/get', { access_token: token })).errcode).toBe(61015);
    const body = { component_appid: COMPONENT.appid };
    expect((await callApi(h.sim, 'component/api_create_preauthcode', { component_access_token: accessToken }, body)).errcode).toBe(61014);
  });

  it('api_get_authorizer_info describes the account and the granted permission sets', async () => {
    await authorizerTokens(h.sim, DEMO.appid, [1, 2, 7]);
    const token = await componentToken(h.sim);
    const info = await callApi(
      h.sim,
      'component/api_get_authorizer_info',
      { component_access_token: token },
      {
        component_appid: COMPONENT.appid,
        authorizer_appid: DEMO.appid,
      },
    );
    expect(info.authorizer_info).toMatchObject({
      nick_name: DEMO.nickName,
      user_name: DEMO.originalId,
      service_type_info: { id: 2 },
      verify_type_info: { id: 0 },
    });
    expect(info.authorization_info.func_info.map((f: { funcscope_category: { id: number } }) => f.funcscope_category.id)).toEqual([1, 2, 7]);
    const unknown = await callApi(
      h.sim,
      'component/api_get_authorizer_info',
      { component_access_token: token },
      {
        component_appid: COMPONENT.appid,
        authorizer_appid: 'wx570bc396a51b8ff8',
      },
    );
    expect(unknown.errcode).toBe(61003);
  });
});

describe('api_start_push_ticket and injected failures', () => {
  it('start_push_ticket checks the secret and pushes a ticket shortly after answering', async () => {
    const answer = await callApi(h.sim, 'component/api_start_push_ticket', {}, { component_appid: COMPONENT.appid, component_secret: COMPONENT.appsecret });
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
    await expect.poll(() => h.relay.received.length).toBe(1);
    expect(h.relay.received[0]?.fields.InfoType).toBe('component_verify_ticket');
    expect(h.relay.received[0]?.fields.ComponentVerifyTicket).toBe(h.sim.latestTicket());
  });

  it('failNext makes exactly the next call fail with the errcode', async () => {
    const { ticket } = await h.sim.pushTicket();
    h.sim.failNext('component/api_component_token', -1);
    const busy = await callApi(h.sim, 'component/api_component_token', {}, tokenBody(ticket));
    expect(busy.errcode).toBe(-1);
    expect(busy.errmsg).toMatch(/^system error rid: /);
    expect((await callApi(h.sim, 'component/api_component_token', {}, tokenBody(ticket))).expires_in).toBe(7200);
  });
});

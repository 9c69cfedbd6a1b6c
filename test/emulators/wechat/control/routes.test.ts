import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT } from '../testkit/fake-relay.js';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${h.sim.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: await response.json() };
}

describe('/sim control API', () => {
  it('POST /sim/authorize, /sim/push with repeat, GET /sim/pushes and /sim/stats', async () => {
    const auth = await control('POST', '/sim/authorize', { appid: DEMO.appid, scopes: [1, 2] });
    expect(auth.status).toBe(200);
    expect(auth.json).toMatchObject({ appid: DEMO.appid, infoType: 'authorized', expiresIn: 600, push: { status: 200, body: 'success' } });
    const push = await control('POST', '/sim/push', { appid: DEMO.appid, openid: 'oX', msgType: 'text', content: 'hi', repeat: 3 });
    expect(push.status).toBe(200);
    expect(push.json.map((r: { status: number; body: string }) => [r.status, r.body])).toEqual([
      [200, 'success'],
      [200, 'success'],
      [200, 'success'],
    ]);
    const pushes = await control('GET', `/sim/pushes?appid=${DEMO.appid}`);
    expect(pushes.json).toHaveLength(1);
    expect(pushes.json[0].results).toHaveLength(3);
    expect(pushes.json[0].plaintext).toContain('<Content><![CDATA[hi]]></Content>');
    expect((await control('GET', '/sim/stats')).json).toMatchObject({ pushes: 4, ticketsPushed: 0 });
  });

  it('GET /sim/tags lists the tags WeChat holds: a console tag with its followers, and 404 for an unknown account', async () => {
    h.sim.createTagInConsole(DEMO.appid, '上海展会', []);
    const tags = await control('GET', `/sim/tags?appid=${DEMO.appid}`);
    expect(tags.status).toBe(200);
    expect(tags.json.filter((t: { name: string }) => t.name === '上海展会')).toEqual([{ id: expect.any(Number), name: '上海展会', count: 0, openids: [] }]);
    expect((await control('GET', '/sim/tags?appid=wx1111111111111111')).status).toBe(404);
  });

  it('answers 400 for bad input, 404 for unknown accounts, 409 for unauthorized ones', async () => {
    expect(await control('POST', '/sim/push', { appid: DEMO.appid, msgType: 'text' })).toEqual({ status: 400, json: { error: 'openid is required' } });
    expect((await control('POST', '/sim/push', { appid: DEMO.appid, openid: 'o', msgType: 'fax' })).status).toBe(400);
    expect((await control('POST', '/sim/push', { appid: 'wx1111111111111111', openid: 'o', msgType: 'text', content: 'x' })).status).toBe(404);
    expect((await control('POST', '/sim/push', { appid: DEMO.appid, openid: 'o', msgType: 'text', content: 'x' })).status).toBe(409);
    expect((await fetch(`${h.sim.url}/sim/push`, { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await control('POST', '/sim/unauthorize', { appid: DEMO.appid })).status).toBe(409);
    expect((await control('GET', '/sim/nothing')).status).toBe(404);
  });

  it('POST /sim/accounts adds an account (201) and refuses a duplicate (409)', async () => {
    const account = { appid: 'wxabcdefabcdef0123', originalId: 'gh_abcdef012345', nickName: '新帐号', serviceType: 0, verifyType: 0, funcScopes: [1, 2] };
    const created = await control('POST', '/sim/accounts', account);
    expect(created).toEqual({
      status: 201,
      json: { ...account, isMiniProgram: false, authorized: false, grantedScopes: [], followers: 0 },
    });
    expect((await control('POST', '/sim/accounts', account)).status).toBe(409);
    expect((await control('POST', '/sim/accounts', { ...account, appid: 'nope' })).status).toBe(400);
    const list = (await control('GET', '/sim/accounts')).json as Array<{ appid: string }>;
    expect(list.map((a) => a.appid)).toContain('wxabcdefabcdef0123');
    expect(list).toHaveLength(12);
  });

  it('POST /sim/fail-next and /sim/quota affect the next API calls; /sim/followers sets a follower', async () => {
    const { accessToken } = await authorizerTokens(h.sim);
    expect((await control('POST', '/sim/fail-next', { api: '/cgi-bin/user/get', errcode: 45011 })).status).toBe(200);
    expect((await callApi(h.sim, 'user/get', { access_token: accessToken })).errcode).toBe(45011);
    expect((await callApi(h.sim, 'user/get', { access_token: accessToken })).errcode).toBeUndefined();
    // The injected failure is answered before the quota counts the call, so one call is counted so far.
    await control('POST', '/sim/quota', { api: 'user/get', limit: 1 });
    expect((await callApi(h.sim, 'user/get', { access_token: accessToken })).errcode).toBe(45009);
    const follower = await control('POST', '/sim/followers', { appid: DEMO.appid, openid: 'oQ', following: false });
    expect(follower.json).toMatchObject({ openid: 'oQ', following: false });
    const sent = await callApi(h.sim, 'message/custom/send', { access_token: accessToken }, { touser: 'oQ', msgtype: 'text', text: { content: 'x' } });
    expect(sent.errcode).toBe(43004);
  });

  it('POST /sim/ticket pushes a ticket the component token accepts', async () => {
    const result = await control('POST', '/sim/ticket');
    expect(result.json).toMatchObject({ status: 200, body: 'success' });
    const answer = await callApi(
      h.sim,
      'component/api_component_token',
      {},
      {
        component_appid: COMPONENT.appid,
        component_appsecret: COMPONENT.appsecret,
        component_verify_ticket: result.json.ticket,
      },
    );
    expect(answer.expires_in).toBe(7200);
  });

  it('unknown /cgi-bin paths answer 404', async () => {
    const response = await fetch(`${h.sim.url}/cgi-bin/no/such/api`);
    expect(response.status).toBe(404);
  });
});

describe('ticket timer', () => {
  it('pushes component_verify_ticket every ticketIntervalMs', async () => {
    await h.close();
    h = await startHarness({ ticketIntervalMs: 40 });
    await expect
      .poll(() => h.relay.received.filter((p) => p.fields.InfoType === 'component_verify_ticket').length, { timeout: 2000 })
      .toBeGreaterThanOrEqual(2);
  });
});

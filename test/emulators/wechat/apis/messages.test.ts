import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
const openid = 'oFollower000000000000000002';
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const sendText = (content = 'hello', to = openid) =>
  callApi(h.sim, 'message/custom/send', { access_token: token }, { touser: to, msgtype: 'text', text: { content } });

describe('message/custom/send: the customer-service window', () => {
  it('a follower message allows 5 messages within 48 h: the 6th answers 45047, after 48 h 45015', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    const codes = [];
    for (let i = 0; i < 6; i += 1) codes.push((await sendText(`m${i}`)).errcode);
    expect(codes).toEqual([0, 0, 0, 0, 0, 45047]);
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'again' });
    expect((await sendText()).errcode).toBe(0);
    // Access tokens live 2 h, so the 48 h boundary is set on the follower rather than by moving the clock.
    h.sim.setFollower(DEMO.appid, openid, { lastMessageAt: h.clock.now() - 48 * 3600 * 1000 + 1000 });
    expect((await sendText()).errcode).toBe(0);
    h.clock.advance(1);
    expect((await sendText()).errcode).toBe(45015);
  });

  it('following (or a menu click) allows 3 messages within 1 minute', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push((await sendText()).errcode);
    expect(codes).toEqual([0, 0, 0, 45047]);
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'CLICK', eventKey: 'K' });
    h.clock.advance(60);
    expect((await sendText()).errcode).toBe(45015);
  });

  it('a LOCATION or VIEW event does not open the window', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'LOCATION' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'VIEW', eventKey: 'https://example.com' });
    expect((await sendText()).errcode).toBe(45015);
  });

  it('43004 once the follower unsubscribed, 40003 for an unknown openid', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'unsubscribe' });
    expect((await sendText()).errcode).toBe(43004);
    expect((await sendText('x', 'oUnknown')).errcode).toBe(40003);
  });

  it('setFollower backdates the last message (window and used count)', async () => {
    h.sim.setFollower(DEMO.appid, openid, { lastMessageAt: h.clock.now() - 47 * 3600 * 1000, repliesUsed: 4 });
    expect((await sendText()).errcode).toBe(0);
    expect((await sendText()).errcode).toBe(45047);
  });

  it('48001 when the account did not grant 消息管理 (scope 1)', async () => {
    token = (await authorizerTokens(h.sim, DEMO.appid, [2, 7])).accessToken;
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    expect((await sendText()).errcode).toBe(48001);
  });

  it('validates the payload: msgtype, empty text, unknown media_id', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    const send = (body: unknown) => callApi(h.sim, 'message/custom/send', { access_token: token }, body);
    expect((await send({ touser: openid, msgtype: 'fax', fax: {} })).errcode).toBe(40008);
    expect((await send({ touser: openid, msgtype: 'text', text: { content: '' } })).errcode).toBe(47001);
    expect((await send({ touser: openid, msgtype: 'image', image: { media_id: 'nope' } })).errcode).toBe(40007);
    expect((await callApi(h.sim, 'message/custom/send', { access_token: token }, undefined)).errcode).toBe(44002);
  });

  it('records every attempt for /sim/sent, in order, with the errcode', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    h.sim.failNext('message/custom/send', -1);
    await sendText('first');
    await sendText('second');
    const sent = (await (await fetch(`${h.sim.url}/sim/sent?appid=${DEMO.appid}`)).json()) as Array<Record<string, any>>;
    expect(sent.map((s) => [s.api, s.errcode, s.body.text.content])).toEqual([
      ['message/custom/send', -1, 'first'],
      ['message/custom/send', 0, 'second'],
    ]);
  });

  it('logs a send made with a stale token under its account, with 40001', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    const old = token;
    const { refreshToken } = await authorizerTokens(h.sim);
    expect(refreshToken).toMatch(/^refreshtoken@@@/);
    token = old;
    expect((await sendText('with the old token')).errcode).toBe(40001);
    expect(h.sim.sent(DEMO.appid).map((s) => [s.errcode, (s.body as { text: { content: string } }).text.content])).toEqual([[40001, 'with the old token']]);
  });
});

describe('quota', () => {
  it('45009 over the daily limit until clear_quota (10 a month, then 48006)', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    h.sim.setQuota('message/custom/send', 2);
    expect([(await sendText()).errcode, (await sendText()).errcode, (await sendText()).errcode]).toEqual([0, 0, 45009]);
    const clear = () => callApi(h.sim, 'clear_quota', { access_token: token }, { appid: DEMO.appid });
    expect(await clear()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await sendText()).errcode).toBe(0);
    for (let i = 0; i < 9; i += 1) await clear();
    expect((await clear()).errcode).toBe(48006);
    expect((await callApi(h.sim, 'clear_quota', { access_token: token }, { appid: 'wx570bc396a51b8ff8' })).errcode).toBe(40013);
  });
});

// Template messages: apis/template.test.ts.
// Mass sends: apis/mass.test.ts.

/**
 * The simulator's parametric QR codes as WeChat documents them: ticket + url (+ expire_seconds for temporary codes),
 * the image from showqrcode until the code expires, WeChat's limits (30 days, 1-64 character scenes, 100,000
 * permanent codes: 45029) and its refusals (48001 without set 3 or for an unverified/subscription account).
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';
import { MAX_PERMANENT_CODES, urlOfPng } from './qrcode.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const create = (body: unknown, t = token) => callApi(h.sim, 'qrcode/create', { access_token: t }, body);
const temporary = (scene: string, expire: number) => ({ expire_seconds: expire, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: scene } } });
const permanent = (scene: string) => ({ action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: scene } } });
const image = (ticket: string) => fetch(`${h.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`);

describe('qrcode/create and showqrcode', () => {
  it('a temporary code: ticket, url and the lifetime asked for; its PNG carries the url until it expires', async () => {
    const code = await create(temporary('expo_2026', 3600));
    expect(Object.keys(code).sort()).toEqual(['expire_seconds', 'ticket', 'url']);
    expect(code.expire_seconds).toBe(3600);
    expect(code.url).toMatch(/^http:\/\/weixin\.qq\.com\/q\/[\w-]+$/);
    expect(h.sim.qrCodes(DEMO.appid)).toMatchObject([{ scene: 'expo_2026', permanent: false, actionName: 'QR_STR_SCENE', ticket: code.ticket }]);
    const r = await image(code.ticket as string);
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'image/jpg']);
    const png = Buffer.from(await r.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(urlOfPng(png)).toBe(code.url);
    h.clock.advance(3600);
    expect(await (await image(code.ticket as string)).json()).toMatchObject({ errcode: 40097 });
    expect(await (await image('gQnot-a-ticket')).json()).toMatchObject({ errcode: 40097 });
  });

  it('refuses more than 30 days, an empty or 65-character scene and an unknown action', async () => {
    expect((await create(temporary('a', 2_592_001))).errcode).toBe(47001);
    expect((await create(temporary('a', 2_592_000))).expire_seconds).toBe(2_592_000);
    expect((await create(temporary('', 60))).errcode).toBe(40053);
    expect((await create(temporary('x'.repeat(65), 60))).errcode).toBe(40053);
    expect((await create(temporary('x'.repeat(64), 60))).ticket).toEqual(expect.any(String));
    expect((await create({ action_name: 'QR_SOMETHING', action_info: { scene: { scene_str: 'a' } } })).errcode).toBe(40052);
  });

  it('a permanent code has no expiry; the 100,001st is refused with 45029', async () => {
    const code = await create(permanent('store_front'));
    expect(Object.keys(code).sort()).toEqual(['ticket', 'url']);
    expect((await image(code.ticket as string)).status).toBe(200);
    h.sim.setPermanentQrCodes(DEMO.appid, MAX_PERMANENT_CODES - 1);
    expect((await create(permanent('the_last'))).ticket).toEqual(expect.any(String));
    expect(await create(permanent('one_too_many'))).toMatchObject({ errcode: 45029 });
    // Temporary codes are not counted.
    expect((await create(temporary('still_fine', 60))).ticket).toEqual(expect.any(String));
  });

  it('48001 without permission set 3, and for an unverified subscription account', async () => {
    const without3 = (await authorizerTokens(h.sim, DEMO.appid, [1, 2])).accessToken;
    expect((await create(temporary('a', 60), without3)).errcode).toBe(48001);
    h.sim.addAccount({ appid: 'wx0000000000000sub', originalId: 'gh_sub', nickName: 'Sub', serviceType: 0, verifyType: -1 });
    const sub = (await authorizerTokens(h.sim, 'wx0000000000000sub', [1, 2, 3])).accessToken;
    expect((await create(temporary('a', 60), sub)).errcode).toBe(48001);
    expect(h.sim.qrCodes()).toEqual([]);
  });
});

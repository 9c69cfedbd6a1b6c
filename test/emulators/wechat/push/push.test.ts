import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT } from '../testkit/fake-relay.js';
import { DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
const openid = 'oFollower000000000000000001';
beforeEach(async () => {
  h = await startHarness({ pushTimeoutMs: 1000 });
  await h.sim.authorize(DEMO.appid);
  h.relay.received.length = 0;
});
afterEach(async () => {
  await h.close();
});

const textReply = (content: string) =>
  `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${DEMO.originalId}]]></FromUserName><CreateTime>1714550400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content></xml>`;

describe('follower pushes to the account callback', () => {
  it('arrive encrypted exactly as WeChat sends them (checked with wechat-crypto)', async () => {
    const [result] = await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: '你好 <relay> & co', msgId: '24000000000000001' });
    expect(result).toMatchObject({ status: 200, body: 'success' });
    expect(result?.error).toBeUndefined();
    const [push] = h.relay.received;
    expect(push?.path).toBe(`/api/wechat/accounts/${DEMO.appid}/callback`);
    expect([...(push?.query.keys() ?? [])]).toEqual(['signature', 'timestamp', 'nonce', 'openid', 'encrypt_type', 'msg_signature']);
    expect(push?.query.get('openid')).toBe(openid);
    expect(push?.query.get('timestamp')).toBe(String(Math.floor(h.clock.now() / 1000)));
    expect([push?.signatureValid, push?.msgSignatureValid]).toEqual([true, true]);
    expect(push?.outer.ToUserName).toBe(DEMO.originalId);
    expect(Object.keys(push?.outer ?? {})).toEqual(['ToUserName', 'Encrypt']);
    expect(push?.decrypted.id).toBe(COMPONENT.appid);
    expect(push?.fields).toEqual({
      ToUserName: DEMO.originalId,
      FromUserName: openid,
      CreateTime: String(Math.floor(h.clock.now() / 1000)),
      MsgType: 'text',
      Content: '你好 <relay> & co',
      MsgId: '24000000000000001',
    });
  });

  it('repeat delivers the identical request three times and reports each answer', async () => {
    let n = 0;
    h.relay.answer = () => ({ status: (n += 1) === 1 ? 503 : 200, body: n === 1 ? '' : 'success' });
    const results = await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'CLICK', eventKey: 'MENU_1', repeat: 3 });
    expect(results.map((r) => [r.status, r.body])).toEqual([
      [503, ''],
      [200, 'success'],
      [200, 'success'],
    ]);
    expect(results[0]?.error).toBe('HTTP 503');
    const [a, b, c] = h.relay.received;
    expect(b?.rawBody).toBe(a?.rawBody);
    expect(c?.rawBody).toBe(a?.rawBody);
    expect(b?.query.toString()).toBe(a?.query.toString());
    expect(a?.fields).toMatchObject({ MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_1' });
    expect(a?.fields.MsgId).toBeUndefined();
  });

  it('decrypts and returns the relay passive reply', async () => {
    h.relay.answer = () => ({ body: h.relay.encryptedReply(textReply('hello back')) });
    const [result] = await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    expect(result?.error).toBeUndefined();
    expect(result?.reply?.fields).toEqual({
      ToUserName: openid,
      FromUserName: DEMO.originalId,
      CreateTime: '1714550400',
      MsgType: 'text',
      Content: 'hello back',
    });
  });

  it.each([
    ['a plaintext XML reply', () => textReply('plain'), /not encrypted/],
    [
      'a reply with a wrong MsgSignature',
      () => h.relay.encryptedReply(textReply('x')).replace(/<MsgSignature><!\[CDATA\[[0-9a-f]+/, '<MsgSignature><![CDATA[0000'),
      /MsgSignature does not match/,
    ],
    ['JSON', () => '{"ok":true}', /neither "success", empty, nor XML/],
  ])('flags %s as a reply the follower would not get', async (_name, body, error) => {
    h.relay.answer = () => ({ body: body() });
    const [result] = await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'hi' });
    expect(result?.error).toMatch(error);
  });

  it('gives up after the push timeout like WeChat after 5 s', async () => {
    h.relay.answer = () => ({ body: 'success', delayMs: 1500 });
    const [result] = await h.sim.push({ appid: DEMO.appid, openid, msgType: 'text', content: 'slow' });
    expect(result).toMatchObject({ status: 0, error: 'no answer within 1000 ms' });
  });

  it('an image push carries a PicUrl and MediaId whose bytes are a real PNG', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'image' });
    const fields = h.relay.received[0]?.fields ?? {};
    expect(fields.MsgType).toBe('image');
    const png = Buffer.from(await (await fetch(fields.PicUrl as string)).arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(fields.PicUrl).toBe(`${h.sim.url}/sim/media/${fields.MediaId}`);
  });

  it('voice, video, location, link and LOCATION events carry their fields', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'voice', recognition: '你好' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'video' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'location', locationX: 31.2, locationY: 121.5, scale: 15, label: '上海' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'link', title: 'T', description: 'D', url: 'https://example.com' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'LOCATION', latitude: 23.1, longitude: 113.3, precision: 50 });
    const [voice, video, location, link, event] = h.relay.received.map((p) => p.fields);
    expect(voice).toMatchObject({ MsgType: 'voice', Format: 'amr', Recognition: '你好' });
    expect(typeof video?.ThumbMediaId).toBe('string');
    expect(location).toMatchObject({ Location_X: '31.2', Location_Y: '121.5', Scale: '15', Label: '上海' });
    expect(link).toMatchObject({ Title: 'T', Description: 'D', Url: 'https://example.com' });
    expect(event).toMatchObject({ Event: 'LOCATION', Latitude: '23.1', Longitude: '113.3', Precision: '50' });
  });

  it('component pushes expect "success"', async () => {
    h.relay.answer = () => ({ body: 'ok' });
    const result = await h.sim.pushTicket();
    expect(result.error).toBe('expected "success", got "ok"');
    expect(h.relay.received.at(-1)?.outer.AppId).toBe(COMPONENT.appid);
    expect(h.relay.received.at(-1)?.query.has('openid')).toBe(false);
  });

  it('verifyUrl makes the developer-mode GET check and passes when echostr comes back', async () => {
    const good = await h.sim.verifyUrl(DEMO.appid);
    expect(good).toMatchObject({ status: 200, passed: true });
    expect(good.body).toBe(good.echostr);
    const bad = await h.sim.verifyUrl(DEMO.appid, 'another-token');
    expect(bad).toMatchObject({ status: 401, passed: false });
  });

  it('refuses pushes for an account that has not authorized the component', async () => {
    await expect(h.sim.push({ appid: 'wx570bc396a51b8ff8', openid, msgType: 'text', content: 'x' })).rejects.toThrow(/has not authorized/);
  });
});

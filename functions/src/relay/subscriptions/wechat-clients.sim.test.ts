/**
 * The subscription clients (wechat/official-account/subscribe.ts, miniprogram-subscribe.ts) against the WeChat simulator
 * over HTTP (here, not beside them: wechat/ tests may not import the simulator): the library, adding and listing templates, bizsend
 * (43101 without consent, 47003 naming the field, 48001 without set 89), the Mini Program's subscribe/send (one send
 * per accept), and the receipt event pushed after a send.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { WechatApiError } from '../../wechat/api/errors.js';
import { createMiniProgramSubscribeApi } from '../../wechat/official-account/miniprogram-subscribe.js';
import { createSubscribeApi } from '../../wechat/official-account/subscribe.js';

const MP = { appid: 'wxm1n1pr0gram0a1b2', originalId: 'gh_m1n1pr0gram0', nickName: '演示小程序', serviceType: 0, verifyType: 0, isMiniProgram: true };
const OPENID = 'oSubscriber00000000000000001';
let h: Harness;
const tokenOf = (value: string) => ({ get: async () => value, invalidate: async () => undefined });

beforeEach(async () => {
  h = await startHarness({ accounts: [DEMO, MP] });
});
afterEach(async () => h.close());

const popup = async (appid: string, templateId: string, accept: boolean) => {
  const r = await fetch(`${h.sim.url}/sim/subscribe/popup`, { method: 'POST', body: JSON.stringify({ appid, openid: OPENID, templateId, accept }) });
  expect(r.status).toBe(200);
  return (await r.json()) as { consent: string; remaining: number; push: Array<{ status: number }> };
};
const errcodeOf = async (p: Promise<unknown>) => {
  const e = await p.catch((err: unknown) => err);
  expect(e).toBeInstanceOf(WechatApiError);
  return { errcode: (e as WechatApiError).errcode, errmsg: (e as WechatApiError).errmsg };
};

describe('Official Account subscription notifications', () => {
  it('reads the library, adds a template of 2–5 keywords, lists it, sends only after consent', async () => {
    const token = tokenOf((await authorizerTokens(h.sim, DEMO.appid)).accessToken);
    const api = createSubscribeApi(createWechatApiClient({ baseUrl: h.sim.url }));
    expect(await api.categories(token)).toEqual([
      { id: 616, name: '教育培训' },
      { id: 307, name: '电商平台' },
    ]);
    const { count, titles } = await api.titles(token, [616]);
    expect(count).toBe(2);
    expect(titles[0]).toEqual({ tid: 1001, title: '课程开课提醒', type: 2, categoryId: '616' });
    const keywords = await api.keywords(token, 1001);
    expect(keywords.slice(0, 2)).toEqual([
      { kid: 1, name: '课程名称', example: '高等数学', rule: 'thing' },
      { kid: 2, name: '上课时间', example: '2026年12月5日 15:00', rule: 'time' },
    ]);
    await expect(api.addTemplate(token, 1001, [1])).rejects.toThrow('a template takes 2–5 keyword ids (got 1)');
    expect((await errcodeOf(api.addTemplate(token, 1001, [1, 9]))).errcode).toBe(200020);
    const id = await api.addTemplate(token, 1001, [1, 2], '开课提醒');
    const [template] = await api.templates(token);
    expect(template).toMatchObject({ templateId: id, title: '课程开课提醒', content: '课程名称:{{thing1.DATA}}\n上课时间:{{time2.DATA}}', type: 2 });

    h.sim.setFollower(DEMO.appid, OPENID, { following: true });
    const send = (data: Record<string, { value: string }>) =>
      api.bizsend(token, { touser: OPENID, templateId: id, data, page: 'https://example.com/course/1' });
    const data = { thing1: { value: '高等数学' }, time2: { value: '2026年12月5日 15:00' } };
    expect(await errcodeOf(send(data))).toMatchObject({ errcode: 43101 });
    const answered = await popup(DEMO.appid, id, true);
    expect(answered).toMatchObject({ consent: 'accept', remaining: 1 });
    expect(answered.push[0]?.status).toBe(200);
    expect((await errcodeOf(send({ thing1: { value: '店'.repeat(21) }, time2: data.time2 }))).errmsg).toMatch(/^argument invalid! data\.thing1\.value invalid/);
    const first = await send(data);
    expect(first.msgid).toMatch(/^\d+$/);
    // A long-term consent: the follower keeps receiving until they turn it off.
    await send(data);
    expect(h.sim.sent(DEMO.appid).filter((s) => s.api === 'message/subscribe/bizsend' && s.errcode === 0)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));
    const events = h.relay.received.map((p) => p.decrypted.message).filter((m) => m.includes('subscribe_msg_'));
    expect(events[0]).toContain('<Event><![CDATA[subscribe_msg_popup_event]]></Event>');
    expect(events[0]).toContain('<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene><![CDATA[2]]></PopupScene>');
    // msgid is a JSON number in the answer (read rounded past 2^53); the receipt carries the exact digits.
    const receipt = /<MsgID><!\[CDATA\[(\d+)\]\]><\/MsgID><ErrorCode>0<\/ErrorCode>/.exec(
      events.filter((m) => m.includes('subscribe_msg_sent_event'))[0] ?? '',
    );
    expect(receipt?.[1]).toBe('3075458461245000001');
    expect(first.msgid).toBe(String(Number('3075458461245000001')));

    await api.deleteTemplate(token, id);
    expect(await api.templates(token)).toEqual([]);
    expect((await errcodeOf(send(data))).errcode).toBe(40037);
  });

  it('needs permission set 89 for bizsend', async () => {
    const token = tokenOf((await authorizerTokens(h.sim, DEMO.appid, [1, 2, 3])).accessToken);
    const api = createSubscribeApi(createWechatApiClient({ baseUrl: h.sim.url }));
    const id = await api.addTemplate(token, 2002, [1, 2]);
    expect((await errcodeOf(api.bizsend(token, { touser: OPENID, templateId: id, data: {} }))).errcode).toBe(48001);
  });
});

describe('Mini Program subscribe messages', () => {
  it('one message per accept, with miniprogram_state and lang', async () => {
    const token = tokenOf((await authorizerTokens(h.sim, MP.appid)).accessToken);
    const client = createWechatApiClient({ baseUrl: h.sim.url });
    const id = await createSubscribeApi(client).addTemplate(token, 2001, [1, 2]);
    const mp = createMiniProgramSubscribeApi(client);
    const request = {
      touser: OPENID,
      templateId: id,
      data: { character_string1: { value: 'SO20261204001' }, thing2: { value: '保温杯' } },
      page: 'pages/order/detail?id=1',
      miniprogramState: 'trial' as const,
      lang: 'zh_CN' as const,
    };
    expect((await popup(MP.appid, id, true)).remaining).toBe(1);
    expect((await popup(MP.appid, id, true)).remaining).toBe(2);
    await mp.send(token, request);
    await mp.send(token, request);
    expect((await errcodeOf(mp.send(token, request))).errcode).toBe(43101);
    const sent = h.sim.sent(MP.appid).filter((s) => s.api === 'message/subscribe/send');
    expect(sent.map((s) => s.errcode)).toEqual([0, 0, 43101]);
    expect(sent[0]?.body).toMatchObject({ page: 'pages/order/detail?id=1', miniprogram_state: 'trial', lang: 'zh_CN' });
    // bizsend is an Official Account's API.
    expect((await errcodeOf(createSubscribeApi(client).bizsend(token, request))).errcode).toBe(48001);
  });
});

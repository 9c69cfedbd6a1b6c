/** Template messages on the simulator (apis/template.ts): the library, the 25 limit, 40037, stripping, client_msg_id, the job event. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PRIVATE_TEMPLATES } from '../state/templates.js';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
const openid = 'oFollower000000000000000003';
beforeEach(async () => {
  h = await startHarness({
    accounts: [DEMO, { appid: 'wx0therservice0001', originalId: 'gh_0therservice', nickName: 'Other', serviceType: 2, verifyType: 0 }],
  });
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const api = (path: string, body?: unknown) => callApi(h.sim, path, { access_token: token }, body);
const add = (shortId = 'OPENTM417958215', keywords = ['工单编号', '处理结果']) =>
  api('template/api_add_template', { template_id_short: shortId, keyword_name_list: keywords });

describe('private templates', () => {
  it('adds from the library with the chosen keywords in order, lists and deletes', async () => {
    const added = await add();
    expect(added).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(added.template_id).toMatch(/^[\w-]{43}$/);
    const list = (await callApi(h.sim, 'template/get_all_private_template', { access_token: token })).template_list;
    expect(list).toEqual([
      {
        template_id: added.template_id,
        title: '服务工单处理结果通知',
        primary_industry: '商业服务',
        deputy_industry: '客户服务',
        content: '工单编号：{{character_string1.DATA}}\n处理结果：{{thing2.DATA}}',
        example: '工单编号：CAS-01234-A1B2C3\n处理结果：已解决',
      },
    ]);
    expect(await api('template/del_private_template', { template_id: added.template_id })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('template/del_private_template', { template_id: added.template_id })).errcode).toBe(40037);
    expect((await callApi(h.sim, 'template/get_all_private_template', { access_token: token })).template_list).toEqual([]);
  });

  it('refuses an unknown short id (40037), an unknown keyword (47003) and a 26th template (45026)', async () => {
    expect((await add('OPENTM000000000')).errcode).toBe(40037);
    expect((await add('OPENTM417958215', ['不存在'])).errcode).toBe(47003);
    for (let i = 0; i < MAX_PRIVATE_TEMPLATES; i += 1) expect((await add()).errcode).toBe(0);
    expect(await add()).toMatchObject({ errcode: 45026 });
  });

  it('verified service accounts only (48001 for a subscription account)', async () => {
    h.sim.addAccount({ appid: 'wxsubscr1pt10n0001', originalId: 'gh_subscr1pt10n', nickName: 'Sub', serviceType: 0, verifyType: 0 });
    const sub = (await authorizerTokens(h.sim, 'wxsubscr1pt10n0001')).accessToken;
    expect((await callApi(h.sim, 'template/get_all_private_template', { access_token: sub })).errcode).toBe(48001);
  });
});

describe('message/template/send', () => {
  it('strips first/remark, colours, emoji, line breaks and overflow silently, answers ok and pushes success', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
    h.relay.received.length = 0;
    const id = (await add()).template_id;
    const answer = await api('message/template/send', {
      touser: openid,
      template_id: id,
      url: 'https://org.example.com/case/1',
      data: {
        first: { value: '您好' },
        character_string1: { value: 'CAS-01234', color: '#FF0000' },
        thing2: { value: '已解决🎉\n请查看详情，这是一段超过二十个字符的很长很长的说明文字' },
        remark: { value: '谢谢' },
      },
    });
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(h.sim.templateDeliveries(DEMO.appid)).toEqual([
      {
        openid,
        templateId: id,
        msgid: answer.msgid,
        shown: { character_string1: 'CAS-01234', thing2: '已解决请查看详情，这是一段超过二十个字符' },
        url: 'https://org.example.com/case/1',
        status: 'success',
      },
    ]);
    await expect.poll(() => h.relay.received.length).toBe(1);
    expect(h.relay.received[0]?.fields).toMatchObject({ Event: 'TEMPLATESENDJOBFINISH', MsgID: String(answer.msgid), Status: 'success', FromUserName: openid });
  });

  it('40037 for another account’s template, 47003 for a value that is not text, 43004 for a follower who left', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
    const theirs = h.sim.addTemplate('wx0therservice0001', 'OPENTM207498902', ['订单号']);
    expect((await api('message/template/send', { touser: openid, template_id: theirs.templateId, data: {} })).errcode).toBe(40037);
    const id = (await add()).template_id;
    expect((await api('message/template/send', { touser: openid, template_id: id, data: { thing2: '已解决' } })).errcode).toBe(47003);
    h.sim.setFollower(DEMO.appid, openid, { following: false });
    expect((await api('message/template/send', { touser: openid, template_id: id, data: { thing2: { value: '已解决' } } })).errcode).toBe(43004);
  });

  it('the same client_msg_id answers the first msgid and sends once; a blocking follower reports failed:user block; the daily quota is 45009', async () => {
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
    h.relay.received.length = 0;
    const id = (await add()).template_id;
    const body = { touser: openid, template_id: id, data: { thing2: { value: '已解决' } }, client_msg_id: 'tm-1' };
    const first = await api('message/template/send', body);
    expect((await api('message/template/send', body)).msgid).toBe(first.msgid);
    expect(h.sim.templateDeliveries(DEMO.appid)).toHaveLength(1);
    h.sim.setTemplateBlock(DEMO.appid, openid, true);
    const blocked = await api('message/template/send', { ...body, client_msg_id: 'tm-2' });
    expect(blocked.errcode).toBe(0);
    await expect.poll(() => h.relay.received.length).toBe(2);
    expect(h.relay.received[1]?.fields).toMatchObject({ Event: 'TEMPLATESENDJOBFINISH', MsgID: String(blocked.msgid), Status: 'failed:user block' });
    h.sim.setQuota('message/template/send', 3);
    expect((await api('message/template/send', { ...body, client_msg_id: 'tm-3' })).errcode).toBe(45009);
  });

  it('control routes: block a follower, add a console template, list what WeChat holds', async () => {
    const post = (path: string, body: unknown) => fetch(`${h.sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/sim/templates', { appid: DEMO.appid, shortId: 'OPENTM411147560', keywords: ['预约项目', '预约时间'] })).status).toBe(201);
    expect((await post('/sim/templates/block', { appid: DEMO.appid, openid, blocks: true })).status).toBe(200);
    const held = (await (await fetch(`${h.sim.url}/sim/templates?appid=${DEMO.appid}`)).json()) as {
      templates: { title: string; content: string }[];
      blocking: string[];
    };
    expect(held.templates.map((t) => [t.title, t.content])).toEqual([['预约成功通知', '预约项目：{{thing1.DATA}}\n预约时间：{{time2.DATA}}']]);
    expect(held.blocking).toEqual([openid]);
    expect((await post('/sim/templates/block', { appid: DEMO.appid, openid, blocks: 'yes' })).status).toBe(400);
  });
});

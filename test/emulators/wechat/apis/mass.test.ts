import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const text = (content = 'sale') => ({ msgtype: 'text', text: { content } });
const sendall = (body: Record<string, unknown>) => callApi(h.sim, 'message/mass/sendall', { access_token: token }, body);
const sendTo = (touser: string[], clientmsgid?: string) =>
  callApi(h.sim, 'message/mass/send', { access_token: token }, { touser, ...text(), ...(clientmsgid && { clientmsgid }) });
const control = async (path: string, body?: unknown) => {
  const res = await fetch(`${h.sim.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};
const finished = () => h.relay.received.filter((p) => p.fields.Event === 'MASSSENDJOBFINISH');
async function follow(...openids: string[]) {
  for (const o of openids) await h.sim.push({ appid: DEMO.appid, openid: o, msgType: 'event', event: 'subscribe' });
}

describe('mass send', () => {
  it('sendall by tag reaches the tagged followers and MASSSENDJOBFINISH carries the counts; mass/send needs two openids', async () => {
    await follow('oA', 'oB', 'oC');
    const tag = (await callApi(h.sim, 'tags/create', { access_token: token }, { tag: { name: 'VIP' } })).tag;
    await callApi(h.sim, 'tags/members/batchtagging', { access_token: token }, { openid_list: ['oA', 'oC'], tagid: tag.id });
    const mass = await sendall({ filter: { is_to_all: false, tag_id: tag.id }, ...text() });
    expect(mass).toMatchObject({ errcode: 0, errmsg: 'send job submission success' });
    expect(h.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/sendall', errcode: 0, recipients: ['oA', 'oC'] });
    expect((await sendTo(['oA'])).errcode).toBe(40130);
    await expect.poll(() => finished().length).toBe(1);
    expect(finished()[0]?.fields).toMatchObject({
      MsgID: String(mass.msg_id),
      Status: 'send success',
      TotalCount: '2',
      FilterCount: '2',
      SentCount: '2',
      ErrorCount: '0',
    });
    expect((await callApi(h.sim, 'message/mass/get', { access_token: token }, { msg_id: mass.msg_id })).msg_status).toBe('SEND_SUCCESS');
  });

  it('everyone includes the generated followers (a 1,000-follower roster), and a preview reaches one of them', async () => {
    h.sim.generateFollowers(DEMO.appid, 1000);
    await follow('oA');
    const all = await sendall({ filter: { is_to_all: true }, ...text() });
    expect(all.errcode).toBe(0);
    expect(h.sim.sent(DEMO.appid).at(-1)?.recipients).toHaveLength(1001);
    await expect.poll(() => finished().length).toBe(1);
    expect(finished()[0]?.fields).toMatchObject({ TotalCount: '1001', FilterCount: '1001', SentCount: '1001' });
    const someone = h.sim.sent(DEMO.appid).at(-1)?.recipients?.[500] as string;
    expect((await callApi(h.sim, 'message/mass/preview', { access_token: token }, { touser: someone, ...text() })).errcode).toBe(0);
  });

  it('a follower gets 4 mass messages a calendar month: the 5th send filters them out; a new month counts again', async () => {
    await follow('oA', 'oB');
    for (let i = 0; i < 4; i++) expect((await sendTo(['oA', 'oB'], `c${i}`)).errcode).toBe(0);
    await follow('oC');
    const fifth = await sendTo(['oA', 'oB', 'oC'], 'c4');
    await expect.poll(() => finished().length).toBe(5);
    const last = finished().find((p) => p.fields.MsgID === String(fifth.msg_id));
    expect(last?.fields).toMatchObject({ TotalCount: '3', FilterCount: '1', SentCount: '1', ErrorCount: '0' });
    expect((await control(`/sim/mass?appid=${DEMO.appid}`)).json.monthly).toEqual({ oA: 4, oB: 4, oC: 1 });
    h.clock.t = Date.parse('2024-05-31T16:00:00Z'); // 2024-06-01 00:00 in Beijing
    token = (await authorizerTokens(h.sim)).accessToken;
    const june = await sendTo(['oA', 'oB'], 'c5');
    await expect.poll(() => finished().some((p) => p.fields.MsgID === String(june.msg_id))).toBe(true);
    expect(finished().find((p) => p.fields.MsgID === String(june.msg_id))?.fields).toMatchObject({ FilterCount: '2', SentCount: '2' });
  });

  it('60 sendall / send calls a minute per account: the 61st within 60 s is refused (45011) and sends nothing; a minute after the first, calls go out again', async () => {
    await follow('oA', 'oB');
    for (let i = 0; i < 60; i++) {
      const answer = i % 2 === 0 ? await sendTo(['oA', 'oB']) : await sendall({ filter: { is_to_all: true }, ...text() });
      expect(answer.errcode).toBe(0);
      h.clock.t += 500;
    }
    const jobs = () => h.sim.sent(DEMO.appid).filter((s) => s.errcode === 0 && s.api.startsWith('message/mass/send')).length;
    expect(await sendTo(['oA', 'oB'])).toMatchObject({ errcode: 45011, errmsg: expect.stringContaining('api minute-quota reach limit') });
    expect((await sendall({ filter: { is_to_all: true }, ...text() })).errcode).toBe(45011);
    expect(jobs()).toBe(60);
    h.clock.t += 30_000; // 60.5 s after the first call, 60 s after the second
    expect((await sendTo(['oA', 'oB'])).errcode).toBe(0);
    expect(jobs()).toBe(61);
  });

  it('clientmsgid: 45066 within a minute, then 45065 with the first msg_id; 45067 over 64 bytes; nothing sent twice', async () => {
    await follow('oA', 'oB');
    const first = await sendTo(['oA', 'oB'], 'bc-1-0');
    expect(first.errcode).toBe(0);
    expect((await sendTo(['oA', 'oB'], 'bc-1-0')).errcode).toBe(45066);
    h.clock.advance(61);
    expect(await sendTo(['oA', 'oB'], 'bc-1-0')).toEqual({ errcode: 45065, errmsg: 'clientmsgid exist', msg_id: first.msg_id });
    expect((await sendTo(['oA', 'oB'], 'x'.repeat(65))).errcode).toBe(45067);
    // A later send with its own id goes out.
    expect((await sendTo(['oA', 'oB'], 'bc-1-1')).errcode).toBe(0);
    await expect.poll(() => finished().length).toBe(2);
    expect((await control(`/sim/mass?appid=${DEMO.appid}`)).json.monthly).toEqual({ oA: 2, oB: 2 });
  });

  it('48003 until the mass-send agreement is accepted; a subscription account sends once a day (45028)', async () => {
    await follow('oA', 'oB');
    await control('/sim/mass/settings', { appid: DEMO.appid, agreementAccepted: false });
    expect((await sendall({ filter: { is_to_all: true }, ...text() })).errcode).toBe(48003);
    await control('/sim/mass/settings', { appid: DEMO.appid, agreementAccepted: true });
    expect((await sendall({ filter: { is_to_all: true }, ...text() })).errcode).toBe(0);

    const SUB = { appid: 'wxsub0acc0un7a1b2c', originalId: 'gh_sub0acc0un7a', nickName: 'Subscription', serviceType: 0, verifyType: 0 };
    h.sim.addAccount(SUB);
    const subToken = (await authorizerTokens(h.sim, SUB.appid)).accessToken;
    const subSend = () => callApi(h.sim, 'message/mass/sendall', { access_token: subToken }, { filter: { is_to_all: true }, ...text() });
    expect((await subSend()).errcode).toBe(0);
    expect((await subSend()).errcode).toBe(45028);
    expect((await callApi(h.sim, 'message/mass/send', { access_token: subToken }, { touser: ['oA', 'oB'], ...text() })).errcode).toBe(48001);
  });

  it('API 群发保护: the send waits for an administrator; confirmed it finishes; rejected, or unconfirmed after 30 minutes, it fails', async () => {
    await follow('oA', 'oB');
    await control('/sim/mass/settings', { appid: DEMO.appid, protection: true });
    const held = await sendall({ filter: { is_to_all: true }, ...text() });
    expect(held.errcode).toBe(0);
    expect((await callApi(h.sim, 'message/mass/get', { access_token: token }, { msg_id: held.msg_id })).msg_status).toBe('SENDING');
    expect((await control(`/sim/mass?appid=${DEMO.appid}`)).json.jobs).toEqual([
      { msgId: held.msg_id, msgtype: 'text', status: 'SENDING', addressed: 2, waiting: true },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(finished()).toHaveLength(0);
    expect(await control('/sim/mass/confirm', { appid: DEMO.appid })).toEqual({ status: 200, json: { msgId: held.msg_id, status: 'SEND_SUCCESS' } });
    await expect.poll(() => finished().length).toBe(1);
    expect(finished()[0]?.fields).toMatchObject({ Status: 'send success', SentCount: '2' });

    const rejected = await sendall({ filter: { is_to_all: true }, ...text('again') });
    expect((await control('/sim/mass/confirm', { appid: DEMO.appid, reject: true })).json).toEqual({ msgId: rejected.msg_id, status: 'SEND_FAIL' });
    await expect.poll(() => finished().length).toBe(2);
    expect(finished()[1]?.fields).toMatchObject({ Status: 'send fail', SentCount: '0' });
    expect((await control('/sim/mass/confirm', { appid: DEMO.appid })).status).toBe(400);

    const late = await sendall({ filter: { is_to_all: true }, ...text('late') });
    h.clock.advance(30 * 60);
    expect((await control('/sim/mass/confirm', { appid: DEMO.appid })).status).toBe(400);
    await expect.poll(() => finished().length).toBe(3);
    expect(finished()[2]?.fields).toMatchObject({ MsgID: String(late.msg_id), Status: 'send fail' });
  });

  it('preview reaches one follower (43004 when not following) and counts nothing; delete works for articles only', async () => {
    await follow('oA', 'oB');
    const preview = await callApi(h.sim, 'message/mass/preview', { access_token: token }, { touser: 'oA', ...text('preview') });
    expect(preview.errcode).toBe(0);
    expect(h.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/preview', recipients: ['oA'] });
    await h.sim.push({ appid: DEMO.appid, openid: 'oB', msgType: 'event', event: 'unsubscribe' });
    expect((await callApi(h.sim, 'message/mass/preview', { access_token: token }, { touser: 'oB', ...text() })).errcode).toBe(43004);
    expect((await control(`/sim/mass?appid=${DEMO.appid}`)).json.monthly).toEqual({});

    const sent = await sendall({ filter: { is_to_all: true }, ...text() });
    expect((await callApi(h.sim, 'message/mass/delete', { access_token: token }, { msg_id: sent.msg_id })).errcode).toBe(40008);
    const form = new FormData();
    form.append('media', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9])], { type: 'image/jpeg' }), 'cover.jpg');
    const cover = (await (
      await fetch(`${h.sim.url}/cgi-bin/material/add_material?access_token=${token}&type=thumb`, { method: 'POST', body: form })
    ).json()) as { media_id: string };
    expect(cover.media_id).toEqual(expect.any(String));
    const article = { title: '十二月简报', content: '<p>你好</p>', thumb_media_id: cover.media_id };
    expect((await callApi(h.sim, 'draft/add', { access_token: token }, { articles: [{ ...article, title: '长'.repeat(33) }] })).errcode).toBe(45003);
    expect((await callApi(h.sim, 'draft/add', { access_token: token }, { articles: [{ ...article, thumb_media_id: 'nope' }] })).errcode).toBe(40007);
    const draft = await callApi(h.sim, 'draft/add', { access_token: token }, { articles: [article] });
    const news = await sendall({ filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft.media_id }, send_ignore_reprint: 0 });
    expect(news).toMatchObject({ errcode: 0, msg_data_id: expect.any(Number) });
    await expect.poll(() => finished().some((p) => p.fields.MsgID === String(news.msg_id))).toBe(true);
    const push = h.relay.received.find((p) => p.fields.MsgID === String(news.msg_id));
    expect(push?.decrypted.message).toContain('<CopyrightCheckResult><Count>1</Count><ResultList><item><ArticleIdx>1</ArticleIdx>');
    expect((await callApi(h.sim, 'message/mass/delete', { access_token: token }, { msg_id: news.msg_id, article_idx: 0 })).errcode).toBe(0);
    expect((await callApi(h.sim, 'message/mass/get', { access_token: token }, { msg_id: news.msg_id })).msg_status).toBe('DELETE');
  });
});

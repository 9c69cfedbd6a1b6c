/** The mass-send and draft clients against the WeChat simulator over HTTP: wire bodies, 45065 as the same send, limits before the call. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { WechatApiError } from '../../wechat/api/errors.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { articleProblems, createDraftApi } from '../../wechat/official-account/draft.js';
import { createMassApi } from '../../wechat/official-account/mass.js';

let h: Harness;
let token: TokenSource;
beforeEach(async () => {
  h = await startHarness();
  const value = (await authorizerTokens(h.sim)).accessToken;
  token = { get: async () => value, invalidate: async () => undefined };
  for (const o of ['oA', 'oB']) await h.sim.push({ appid: DEMO.appid, openid: o, msgType: 'event', event: 'subscribe' });
});
afterEach(() => h.close());

const api = () => createMassApi(createWechatApiClient({ baseUrl: h.sim.url }));
const text = { type: 'text' as const, content: '你好' };

describe('mass client', () => {
  it('sendall to everyone and send by openids answer msg_id; a reused clientmsgid after a minute is the same send (45065)', async () => {
    const all = await api().send(token, { audience: { kind: 'all' }, content: text, clientMsgId: 'b1-c0' });
    expect(all).toEqual({ msgId: expect.stringMatching(/^\d+$/), duplicate: false });
    expect(h.sim.sent(DEMO.appid).at(-1)).toMatchObject({
      api: 'message/mass/sendall',
      body: { filter: { is_to_all: true }, msgtype: 'text', text: { content: '你好' }, clientmsgid: 'b1-c0' },
    });
    const list = await api().send(token, { audience: { kind: 'openids', openids: ['oA', 'oB'] }, content: text, clientMsgId: 'b2-c0' });
    await expect(api().send(token, { audience: { kind: 'openids', openids: ['oA', 'oB'] }, content: text, clientMsgId: 'b2-c0' })).rejects.toMatchObject({
      errcode: 45066,
    });
    h.clock.advance(61);
    expect(await api().send(token, { audience: { kind: 'openids', openids: ['oA', 'oB'] }, content: text, clientMsgId: 'b2-c0' })).toEqual({
      msgId: list.msgId,
      duplicate: true,
    });
    expect(await api().status(token, list.msgId)).toBe('SEND_SUCCESS');
  });

  it('refuses before the call: 1 or 10,001 openids, a clientmsgid over 64 bytes; WeChat’s 48003 surfaces', async () => {
    await expect(api().send(token, { audience: { kind: 'openids', openids: ['oA'] }, content: text, clientMsgId: 'x' })).rejects.toThrow(RangeError);
    const many = Array.from({ length: 10_001 }, (_, i) => `o${i}`);
    await expect(api().send(token, { audience: { kind: 'openids', openids: many }, content: text, clientMsgId: 'x' })).rejects.toThrow(RangeError);
    await expect(api().send(token, { audience: { kind: 'all' }, content: text, clientMsgId: 'x'.repeat(65) })).rejects.toThrow(RangeError);
    expect(h.sim.stats().apiCalls['message/mass/send'] ?? 0).toBe(0);
    await fetch(`${h.sim.url}/sim/mass/settings`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, agreementAccepted: false }) });
    const err = await api()
      .send(token, { audience: { kind: 'all' }, content: text, clientMsgId: 'y' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(48003);
  });

  it('preview to one openid; delete refuses a text send (40008)', async () => {
    await api().preview(token, 'oA', text);
    expect(h.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/preview', body: { touser: 'oA', msgtype: 'text' }, recipients: ['oA'] });
    const sent = await api().send(token, { audience: { kind: 'all' }, content: text, clientMsgId: 'z' });
    await expect(api().remove(token, sent.msgId)).rejects.toMatchObject({ errcode: 40008 });
  });
});

describe('draft client', () => {
  it('checks the article limits before the call and adds a draft with a permanent cover', async () => {
    expect(articleProblems({ title: '长'.repeat(33), content: '', thumbMediaId: '' })).toEqual(['title', 'content', 'thumb']);
    expect(articleProblems({ title: 'ok', author: '作'.repeat(17), content: '<p>x</p>', thumbMediaId: 'm' })).toEqual(['author']);
    const form = new FormData();
    form.append('media', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9])], { type: 'image/jpeg' }), 'cover.jpg');
    const cover = (await (
      await fetch(`${h.sim.url}/cgi-bin/material/add_material?access_token=${await token.get()}&type=thumb`, { method: 'POST', body: form })
    ).json()) as {
      media_id: string;
    };
    const draft = await createDraftApi(createWechatApiClient({ baseUrl: h.sim.url })).add(token, [
      { title: '十二月', content: '<p>你好</p>', thumbMediaId: cover.media_id },
    ]);
    expect(draft.mediaId).toEqual(expect.any(String));
    const news = await api().send(token, { audience: { kind: 'all' }, content: { type: 'mpnews', mediaId: draft.mediaId }, clientMsgId: 'n1' });
    expect(news.msgDataId).toEqual(expect.stringMatching(/^\d+$/));
    await api().remove(token, news.msgId);
    expect(await api().status(token, news.msgId)).toBe('DELETE');
  });
});

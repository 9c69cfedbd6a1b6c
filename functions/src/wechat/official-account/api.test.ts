import { describe, expect, it } from 'vitest';
import { createWechatApiClient } from '../api/client.js';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createOfficialAccountApi } from './api.js';

function setup(...responders: Parameters<typeof scriptedFetch>) {
  const fetch = scriptedFetch(...responders);
  const api = createOfficialAccountApi(createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch }));
  const token = { get: async () => 'AAT', invalidate: async () => {} };
  return { api, fetch, token };
}

describe('Official Account API', () => {
  it('sendCustomMessage posts the wire body with access_token', async () => {
    const { api, fetch, token } = setup(() => json({ errcode: 0, errmsg: 'ok' }));
    await api.sendCustomMessage(token, { touser: 'o1', msgtype: 'text', text: { content: 'code_from_api' } });
    expect(`${fetch.calls[0]!.url.pathname}${fetch.calls[0]!.url.search}`).toBe('/cgi-bin/message/custom/send?access_token=AAT');
    expect(fetch.calls[0]!.body).toEqual({ touser: 'o1', msgtype: 'text', text: { content: 'code_from_api' } });
  });

  it('sendCustomMessage outside the 48-hour window throws window-closed', async () => {
    const { api, token } = setup(() => json({ errcode: 45015, errmsg: 'response out of time limit' }));
    await expect(api.sendCustomMessage(token, { touser: 'o1', msgtype: 'image', image: { media_id: 'm' } })).rejects.toMatchObject({ kind: 'window-closed' });
  });

  it('getUserInfo maps the follower', async () => {
    const { api, fetch, token } = setup(() =>
      json({
        subscribe: 1,
        openid: 'o1',
        language: 'zh_CN',
        subscribe_time: 1382694957,
        unionid: 'u1',
        remark: '',
        groupid: 0,
        tagid_list: [128, 2],
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene: 98765,
        qr_scene_str: '',
      }),
    );
    await expect(api.getUserInfo(token, 'o1')).resolves.toEqual({
      subscribed: true,
      openid: 'o1',
      unionid: 'u1',
      language: 'zh_CN',
      subscribeTime: 1382694957,
      tagIds: [128, 2],
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrScene: 98765,
    });
    expect(`${fetch.calls[0]!.url.pathname}${fetch.calls[0]!.url.search}`).toBe('/cgi-bin/user/info?openid=o1&lang=zh_CN&access_token=AAT');
  });

  it('getUserInfo of an unfollowed user', async () => {
    const { api, token } = setup(() => json({ subscribe: 0, openid: 'o2' }));
    await expect(api.getUserInfo(token, 'o2', 'en')).resolves.toEqual({ subscribed: false, openid: 'o2', tagIds: [] });
  });

  it('getMedia returns the bytes', async () => {
    const { api, fetch, token } = setup(() => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'audio/amr' } }));
    await expect(api.getMedia(token, 'MID')).resolves.toEqual({ kind: 'binary', bytes: new Uint8Array([1, 2, 3]), contentType: 'audio/amr' });
    expect(fetch.calls[0]!.url.searchParams.get('media_id')).toBe('MID');
  });

  it('uploadMedia sends multipart field "media" and reads media_id or thumb_media_id', async () => {
    const { api, fetch, token } = setup(
      () => json({ type: 'image', media_id: 'M1', created_at: 1700000000 }),
      () => json({ type: 'thumb', thumb_media_id: 'T1', created_at: 1700000001 }),
    );
    await expect(api.uploadMedia(token, 'image', new Uint8Array([0xff, 0xd8]), 'a.jpg', 'image/jpeg')).resolves.toEqual({
      type: 'image',
      mediaId: 'M1',
      createdAt: 1700000000,
    });
    const form = fetch.calls[0]!.body as FormData;
    const file = form.get('media') as File;
    expect([file.name, file.type, file.size]).toEqual(['a.jpg', 'image/jpeg', 2]);
    expect(fetch.calls[0]!.url.searchParams.get('type')).toBe('image');
    await expect(api.uploadMedia(token, 'thumb', new Uint8Array([1]), 't.jpg', 'image/jpeg')).resolves.toEqual({
      type: 'thumb',
      mediaId: 'T1',
      createdAt: 1700000001,
    });
  });
});

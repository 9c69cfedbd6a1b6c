import { describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createWechatApiClient } from '../api/client.js';
import { WechatApiError } from '../api/errors.js';
import { createFollowerUsersApi } from './users.js';

const token = { get: async () => 'TOKEN', invalidate: async () => undefined };
const apiWith = (fetch: ReturnType<typeof scriptedFetch>) => createFollowerUsersApi(createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch }));

describe('follower users API', () => {
  it('user/get passes next_openid and flattens the page; the last page answers no data', async () => {
    const fetch = scriptedFetch(
      () => json({ total: 2, count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' }),
      () => json({ total: 2, count: 0, next_openid: '' }),
    );
    const api = apiWith(fetch);
    expect(await api.listFollowers(token)).toEqual({ total: 2, openids: ['oA', 'oB'], nextOpenid: 'oB' });
    expect(await api.listFollowers(token, 'oB')).toEqual({ total: 2, openids: [], nextOpenid: '' });
    expect(fetch.calls[0]?.url.pathname).toBe('/cgi-bin/user/get');
    expect(fetch.calls[1]?.url.searchParams.get('next_openid')).toBe('oB');
  });

  it('batchget sends user_list and keeps unionid only when WeChat sends it', async () => {
    const fetch = scriptedFetch(() =>
      json({
        user_info_list: [
          {
            subscribe: 1,
            openid: 'oA',
            unionid: 'oU1',
            subscribe_time: 1700000000,
            remark: 'r',
            tagid_list: [2, 101],
            subscribe_scene: 'ADD_SCENE_QR_CODE',
            qr_scene: 7,
            qr_scene_str: '',
          },
          { subscribe: 0, openid: 'oB' },
        ],
      }),
    );
    const infos = await apiWith(fetch).batchGetUserInfo(token, ['oA', 'oB']);
    expect(fetch.calls[0]?.body).toEqual({
      user_list: [
        { openid: 'oA', lang: 'zh_CN' },
        { openid: 'oB', lang: 'zh_CN' },
      ],
    });
    expect(infos).toEqual([
      {
        subscribed: true,
        openid: 'oA',
        unionid: 'oU1',
        subscribeTime: 1700000000,
        remark: 'r',
        tagIds: [2, 101],
        subscribeScene: 'ADD_SCENE_QR_CODE',
        qrScene: 7,
      },
      { subscribed: false, openid: 'oB', tagIds: [] },
    ]);
  });

  it('refuses more than 100 openids before calling, and surfaces 45009 as a typed error', async () => {
    const fetch = scriptedFetch(() => json({ errcode: 45009, errmsg: 'reach max api daily quota limit' }));
    const api = apiWith(fetch);
    await expect(
      api.batchGetUserInfo(
        token,
        Array.from({ length: 101 }, (_, i) => `o${i}`),
      ),
    ).rejects.toThrow(RangeError);
    expect(fetch.calls.length).toBe(0);
    const err = await api.listFollowers(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(45009);
  });
});

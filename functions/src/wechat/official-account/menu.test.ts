import { describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createWechatApiClient } from '../api/client.js';
import { WechatApiError } from '../api/errors.js';
import { createMenuApi, MATCHRULE_NOT_SUPPORTED } from './menu.js';

const token = { get: async () => 'TOKEN', invalidate: async () => undefined };
const apiWith = (fetch: ReturnType<typeof scriptedFetch>) => createMenuApi(createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch }));
const OK = () => json({ errcode: 0, errmsg: 'ok' });

describe('menu API', () => {
  it('creates, adds and deletes conditional menus, and deletes on the documented paths with the documented bodies', async () => {
    const fetch = scriptedFetch(OK, () => json({ menuid: '208379533' }), OK, OK);
    const api = apiWith(fetch);
    const button = [{ type: 'click', name: '今日歌曲', key: 'V1001' }];
    await api.create(token, button);
    expect(await api.addConditional(token, button, '101')).toBe('208379533');
    await api.deleteConditional(token, '208379533');
    await api.remove(token);
    expect(fetch.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'POST /cgi-bin/menu/create',
      'POST /cgi-bin/menu/addconditional',
      'POST /cgi-bin/menu/delconditional',
      'GET /cgi-bin/menu/delete',
    ]);
    const bodies = fetch.calls.slice(0, 3).map((c) => c.body);
    expect(bodies).toEqual([{ button }, { button, matchrule: { tag_id: '101' } }, { menuid: '208379533' }]);
  });

  it('menu/get gives the default and conditional menus; 46003 means none', async () => {
    const fetch = scriptedFetch(
      () =>
        json({
          menu: { button: [{ name: '菜单', sub_button: [{ type: 'view', name: '官网', url: 'https://example.com/', sub_button: [] }] }], menuid: 1 },
          conditionalmenu: [{ button: [{ type: 'click', name: 'VIP', key: 'vip' }], matchrule: { tag_id: '101' }, menuid: 208379533 }],
        }),
      () => json({ errcode: 46003, errmsg: 'menu no exist' }),
    );
    const api = apiWith(fetch);
    expect(await api.get(token)).toEqual({
      button: [{ name: '菜单', sub_button: [{ type: 'view', name: '官网', url: 'https://example.com/' }] }],
      conditional: [{ menuid: '208379533', button: [{ type: 'click', name: 'VIP', key: 'vip' }], tagId: '101' }],
    });
    expect(await api.get(token)).toEqual({ button: undefined, conditional: [] });
  });

  it('get_current_selfmenu_info reads sub_button lists and console buttons (value)', async () => {
    const fetch = scriptedFetch(() =>
      json({
        is_menu_open: 1,
        selfmenu_info: {
          button: [
            { type: 'click', name: '今日歌曲', key: 'V1001' },
            {
              name: '菜单',
              sub_button: {
                list: [
                  { type: 'text', name: '营业时间', value: '9:00-18:00' },
                  { type: 'img', name: '海报', value: 'MEDIA' },
                ],
              },
            },
          ],
        },
      }),
    );
    expect(await apiWith(fetch).current(token)).toEqual({
      open: true,
      button: [
        { type: 'click', name: '今日歌曲', key: 'V1001' },
        {
          name: '菜单',
          sub_button: [
            { type: 'text', name: '营业时间', value: '9:00-18:00' },
            { type: 'img', name: '海报', value: 'MEDIA' },
          ],
        },
      ],
    });
    expect(fetch.calls[0]?.url.pathname).toBe('/cgi-bin/get_current_selfmenu_info');
  });

  it("trymatch posts user_id and surfaces WeChat's codes", async () => {
    const fetch = scriptedFetch(
      () => json({ button: [{ type: 'view', name: 'VIP', url: 'https://example.com/vip' }] }),
      () => json({ errcode: MATCHRULE_NOT_SUPPORTED, errmsg: 'not support matchrule' }),
    );
    const api = apiWith(fetch);
    expect(await api.tryMatch(token, 'oA')).toEqual([{ type: 'view', name: 'VIP', url: 'https://example.com/vip' }]);
    expect(fetch.calls[0]?.body).toEqual({ user_id: 'oA' });
    const err = await api.addConditional(token, [], '1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(65320);
  });
});

import { describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createWechatApiClient } from '../api/client.js';
import { WechatApiError } from '../api/errors.js';
import { createTagsApi, TAG_BATCH_MAX } from './tags.js';

const token = { get: async () => 'TOKEN', invalidate: async () => undefined };
const apiWith = (fetch: ReturnType<typeof scriptedFetch>) => createTagsApi(createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch }));

describe('tags API', () => {
  it('creates, lists with counts, renames and deletes on the documented paths', async () => {
    const fetch = scriptedFetch(
      () => json({ tag: { id: 134, name: '广东' } }),
      () =>
        json({
          tags: [
            { id: 2, name: '星标组', count: 0 },
            { id: 134, name: '广东', count: 7 },
          ],
        }),
      () => json({ errcode: 0, errmsg: 'ok' }),
      () => json({ errcode: 0, errmsg: 'ok' }),
    );
    const api = apiWith(fetch);
    expect(await api.createTag(token, '广东')).toEqual({ id: 134, name: '广东' });
    expect(await api.listTags(token)).toEqual([
      { id: 2, name: '星标组', count: 0 },
      { id: 134, name: '广东', count: 7 },
    ]);
    await api.renameTag(token, 134, '广东人');
    await api.deleteTag(token, 134);
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual(['/cgi-bin/tags/create', '/cgi-bin/tags/get', '/cgi-bin/tags/update', '/cgi-bin/tags/delete']);
  });

  it('batches take 1–50 openids, refused before the call otherwise', async () => {
    const fetch = scriptedFetch(() => json({ errcode: 0, errmsg: 'ok' }));
    const api = apiWith(fetch);
    await expect(api.tagFollowers(token, 100, [])).rejects.toThrow(RangeError);
    await expect(api.untagFollowers(token, 100, Array(TAG_BATCH_MAX + 1).fill('o'))).rejects.toThrow('a tag batch takes 1–50 openids (got 51)');
    expect(fetch.calls).toHaveLength(0);
    await api.tagFollowers(token, 100, ['oA']);
    expect(fetch.calls[0]?.url.pathname).toBe('/cgi-bin/tags/members/batchtagging');
  });

  it("pages a tag's followers and surfaces WeChat's codes", async () => {
    const fetch = scriptedFetch(
      () => json({ count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' }),
      () => json({ count: 0, next_openid: '' }),
      () => json({ errcode: 45057, errmsg: "can't delete the tag that has too many fans" }),
    );
    const api = apiWith(fetch);
    expect(await api.tagMembers(token, 100)).toEqual({ openids: ['oA', 'oB'], nextOpenid: 'oB' });
    expect(await api.tagMembers(token, 100, 'oB')).toEqual({ openids: [], nextOpenid: '' });
    const err = await api.deleteTag(token, 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(45057);
  });
});

/**
 * User tags of an Official Account (用户标签管理), called by the platform with the authorizer's token: create, list
 * (with follower counts), rename, delete, tag and untag followers in batches, list a tag's followers in pages.
 * Errors surface as WechatApiError with WeChat's errcode: 45056 (100 tags already), 45157 (name taken or empty),
 * 45158 (name over 30 bytes), 45058 (reserved ids 0–2), 45159 (no such tag), 45057 (a tag on more than 100,000
 * followers cannot be deleted), 45059 (a follower has 20 tags), 40032 (1–50 openids a batch), 40003 (unknown openid).
 * The relay checks these limits before calling (relay/tags/limits.ts); the codes remain the truth.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** batchtagging and batchuntagging take at most this many openids a call. */
export const TAG_BATCH_MAX = 50;

export interface WechatTag {
  id: number;
  name: string;
  /** Followers carrying the tag (tags/get only). */
  count: number;
}

export interface TagMembersPage {
  openids: string[];
  /** Pass as next_openid for the following page; '' once the list is done. */
  nextOpenid: string;
}

export interface TagsApi {
  createTag(token: TokenSource, name: string): Promise<{ id: number; name: string }>;
  listTags(token: TokenSource): Promise<WechatTag[]>;
  renameTag(token: TokenSource, id: number, name: string): Promise<void>;
  deleteTag(token: TokenSource, id: number): Promise<void>;
  tagFollowers(token: TokenSource, id: number, openids: readonly string[]): Promise<void>;
  untagFollowers(token: TokenSource, id: number, openids: readonly string[]): Promise<void>;
  tagMembers(token: TokenSource, id: number, nextOpenid?: string): Promise<TagMembersPage>;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function batch(openids: readonly string[]): string[] {
  if (openids.length === 0 || openids.length > TAG_BATCH_MAX) throw new RangeError(`a tag batch takes 1–${TAG_BATCH_MAX} openids (got ${openids.length})`);
  return [...openids];
}

export function createTagsApi(client: WechatApiClient): TagsApi {
  const post = (path: string, body: Json, token: TokenSource) => client.request<Json>({ method: 'POST', path, body, token });
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html (1. 创建标签) */
    async createTag(token, name) {
      const r = await post('/cgi-bin/tags/create', { tag: { name } }, token);
      const tag = (typeof r.tag === 'object' && r.tag !== null ? r.tag : {}) as Json;
      return { id: num(tag.id), name: str(tag.name) || name };
    },

    /** 2. 获取公众号已创建的标签 (the reserved star group included). */
    async listTags(token) {
      const r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/tags/get', token });
      const tags = Array.isArray(r.tags) ? (r.tags as Json[]) : [];
      return tags.map((t) => ({ id: num(t.id), name: str(t.name), count: num(t.count) }));
    },

    /** 3. 编辑标签 */
    async renameTag(token, id, name) {
      await post('/cgi-bin/tags/update', { tag: { id, name } }, token);
    },

    /** 4. 删除标签 */
    async deleteTag(token, id) {
      await post('/cgi-bin/tags/delete', { tag: { id } }, token);
    },

    /** 批量为用户打标签 (1–50 openids) */
    async tagFollowers(token, id, openids) {
      await post('/cgi-bin/tags/members/batchtagging', { openid_list: batch(openids), tagid: id }, token);
    },

    /** 批量为用户取消标签 (1–50 openids) */
    async untagFollowers(token, id, openids) {
      await post('/cgi-bin/tags/members/batchuntagging', { openid_list: batch(openids), tagid: id }, token);
    },

    /** 5. 获取标签下粉丝列表: up to 10,000 openids a page. */
    async tagMembers(token, id, nextOpenid = '') {
      const r = await post('/cgi-bin/user/tag/get', { tagid: id, next_openid: nextOpenid }, token);
      const data = r.data as { openid?: unknown } | undefined;
      const openids = Array.isArray(data?.openid) ? data.openid.filter((o): o is string => typeof o === 'string') : [];
      return { openids, nextOpenid: openids.length > 0 ? str(r.next_openid) : '' };
    },
  };
}

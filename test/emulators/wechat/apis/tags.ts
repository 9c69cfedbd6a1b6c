/**
 * User tags (用户标签管理): create, list, rename, delete, tag and untag followers, list a tag's followers.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import { requireCapability, requireFollower } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';
import { USER_PAGE_SIZE } from './users.js';

const MAX_TAGS = 100;
const MAX_TAG_NAME_BYTES = 30;
const MAX_TAGS_PER_FOLLOWER = 20;
const MAX_OPENIDS_PER_CALL = 50;
/** Ids 0–2 are WeChat's reserved tags (2 = 星标组) and cannot be changed. */
const STAR_TAG = { id: 2, name: '星标组' };

function tagArg(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new WechatApiError(47001);
  return value as Record<string, unknown>;
}

function checkName(account: SimAccount, name: unknown, exceptId?: number): string {
  if (typeof name !== 'string' || name.trim() === '') throw new WechatApiError(45157);
  if (Buffer.byteLength(name) > MAX_TAG_NAME_BYTES) throw new WechatApiError(45158);
  if (name === STAR_TAG.name || [...account.tags.values()].some((t) => t.name === name && t.id !== exceptId)) throw new WechatApiError(45157);
  return name;
}

function existingTag(account: SimAccount, id: unknown): number {
  if (typeof id === 'number' && id >= 0 && id <= 2) throw new WechatApiError(45058, "can't modify sys tag");
  if (typeof id !== 'number' || !account.tags.has(id)) throw new WechatApiError(45159);
  return id;
}

function openidList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_OPENIDS_PER_CALL) throw new WechatApiError(40032);
  return value as string[];
}

export const tagApis: ApiSpec[] = [
  {
    api: 'tags/create',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const name = checkName(account, tagArg(json().tag).name);
      if (account.tags.size >= MAX_TAGS) throw new WechatApiError(45056, 'too many tags now');
      const tag = { id: account.nextTagId, name };
      account.nextTagId += 1;
      account.tags.set(tag.id, tag);
      return { tag };
    },
  },
  {
    api: 'tags/get',
    auth: 'authorizer',
    scope: 2,
    handle({ account }) {
      const followers = [...account.followers.values()];
      const count = (id: number): number => followers.filter((f) => f.tagIds.includes(id)).length;
      return { tags: [STAR_TAG, ...account.tags.values()].map((t) => ({ id: t.id, name: t.name, count: count(t.id) })) };
    },
  },
  {
    api: 'tags/update',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      const tag = tagArg(json().tag);
      const id = existingTag(account, tag.id);
      account.tags.set(id, { id, name: checkName(account, tag.name, id) });
      return { ...OK };
    },
  },
  {
    api: 'tags/delete',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      const id = existingTag(account, tagArg(json().tag).id);
      account.tags.delete(id);
      for (const follower of account.followers.values()) follower.tagIds = follower.tagIds.filter((t) => t !== id);
      return { ...OK };
    },
  },
  {
    api: 'tags/members/batchtagging',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      const body = json();
      const id = existingTag(account, body.tagid);
      const followers = openidList(body.openid_list).map((openid) => requireFollower(account, openid));
      if (followers.some((f) => !f.tagIds.includes(id) && f.tagIds.length >= MAX_TAGS_PER_FOLLOWER)) {
        throw new WechatApiError(45059, 'has no tag quota for user');
      }
      for (const f of followers) if (!f.tagIds.includes(id)) f.tagIds.push(id);
      return { ...OK };
    },
  },
  {
    api: 'tags/members/batchuntagging',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      const body = json();
      const id = existingTag(account, body.tagid);
      const followers = openidList(body.openid_list).map((openid) => requireFollower(account, openid));
      for (const f of followers) f.tagIds = f.tagIds.filter((t) => t !== id);
      return { ...OK };
    },
  },
  {
    api: 'tags/getidlist',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      return { tagid_list: [...requireFollower(account, json().openid).tagIds] };
    },
  },
  {
    api: 'user/tag/get',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      const body = json();
      const id = existingTag(account, body.tagid);
      const members = [...account.followers.values()].filter((f) => f.following && f.tagIds.includes(id)).map((f) => f.openid);
      const next = typeof body.next_openid === 'string' ? body.next_openid : '';
      const start = next === '' ? 0 : members.indexOf(next) + 1;
      const page = members.slice(start, start + USER_PAGE_SIZE);
      return { count: page.length, data: { openid: page }, next_openid: page[page.length - 1] ?? '' };
    },
  },
];

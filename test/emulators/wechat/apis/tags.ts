/**
 * User tags (用户标签管理): create, list, rename, delete, tag and untag followers, list a tag's followers, a follower's
 * tags. WeChat's limits and codes: at most 100 tags an account (45056), names unique (45157) and at most 30 bytes
 * (45158), ids 0–2 reserved (45058 on edit or delete), unknown ids 45159, at most 20 tags a follower (45059), 1–50
 * openids a batch call (40032), and a tag on more than 100,000 followers cannot be deleted (45057: untag first).
 * Generated followers (state/follower-roster.ts) count as followers: tagging one makes it a stored object.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { WechatApiError } from '../errors.js';
import type { Follower, SimAccount } from '../state/accounts.js';
import { followerAt, generatedIndex, generatedFollower, generatedOpenid, materialize, rosterSize } from '../state/follower-roster.js';
import { requireCapability } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';
import { USER_PAGE_SIZE } from './users.js';

export const MAX_TAGS = 100;
const MAX_TAG_NAME_BYTES = 30;
const MAX_TAGS_PER_FOLLOWER = 20;
const MAX_OPENIDS_PER_CALL = 50;
/** tags/delete refuses a tag on more than this many followers (45057). */
export const MAX_DELETABLE_TAG_FOLLOWERS = 100_000;
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

function reservedOrExisting(account: SimAccount, id: unknown): number {
  if (typeof id === 'number' && id >= 0 && id <= 2) throw new WechatApiError(45058, "can't modify sys tag");
  if (typeof id !== 'number' || !account.tags.has(id)) throw new WechatApiError(45159);
  return id;
}

/** A tag that can be listed or paired: a created one, or the star group. */
function knownTag(account: SimAccount, id: unknown): number {
  if (id === STAR_TAG.id || (typeof id === 'number' && account.tags.has(id))) return id as number;
  throw new WechatApiError(45159);
}

function openidList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_OPENIDS_PER_CALL) throw new WechatApiError(40032);
  return value as string[];
}

/** A follower of the account as it stands (not stored); 40003 for an openid the account never issued. */
function knownFollower(account: SimAccount, openid: unknown): Follower {
  const follower = typeof openid === 'string' ? followerAt(account, openid) : undefined;
  if (!follower) throw new WechatApiError(40003);
  return follower;
}

/** A follower of the account that a tag call may change (generated ones become stored); 40003 otherwise. */
function changeableFollower(account: SimAccount, openid: unknown): Follower {
  const follower = typeof openid === 'string' ? materialize(account, openid) : undefined;
  if (!follower) throw new WechatApiError(40003);
  return follower;
}

/**
 * Following openids carrying the tag, in user/get's order: generated followers by index (the stored object when one
 * was changed), then the others. Walking a 1,000,000 roster takes a while; only tag reads do it.
 */
export function* tagMembers(account: SimAccount, id: number): Generator<string> {
  const size = rosterSize(account);
  for (let i = 0; i < size; i++) {
    const openid = generatedOpenid(account, i);
    const follower = account.followers.get(openid) ?? generatedFollower(account, i);
    if (follower.following && follower.tagIds.includes(id)) yield openid;
  }
  for (const f of account.followers.values()) {
    if (generatedIndex(account, f.openid) === undefined && f.following && f.tagIds.includes(id)) yield f.openid;
  }
}

function memberCount(account: SimAccount, id: number): number {
  let n = 0;
  for (const _ of tagMembers(account, id)) n += 1;
  return n;
}

/** Creates a tag as the MP console (公众平台) would, with the API's limits, and tags the followers named. */
export function createTagInConsole(account: SimAccount, name: string, openids: readonly string[] = []): { id: number; name: string } {
  const tag = createTag(account, name);
  for (const openid of openids) {
    const follower = changeableFollower(account, openid);
    if (!follower.tagIds.includes(tag.id)) follower.tagIds.push(tag.id);
  }
  return tag;
}

function createTag(account: SimAccount, rawName: unknown): { id: number; name: string } {
  const name = checkName(account, rawName);
  if (account.tags.size >= MAX_TAGS) throw new WechatApiError(45056, 'too many tags now');
  const tag = { id: account.nextTagId, name };
  account.nextTagId += 1;
  account.tags.set(tag.id, tag);
  return tag;
}

export const tagApis: ApiSpec[] = [
  {
    api: 'tags/create',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      return { tag: createTag(account, tagArg(json().tag).name) };
    },
  },
  {
    api: 'tags/get',
    auth: 'authorizer',
    scope: 2,
    handle({ account }) {
      requireCapability(account, 'verified');
      return { tags: [STAR_TAG, ...account.tags.values()].map((t) => ({ id: t.id, name: t.name, count: memberCount(account, t.id) })) };
    },
  },
  {
    api: 'tags/update',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const tag = tagArg(json().tag);
      const id = reservedOrExisting(account, tag.id);
      account.tags.set(id, { id, name: checkName(account, tag.name, id) });
      return { ...OK };
    },
  },
  {
    api: 'tags/delete',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const id = reservedOrExisting(account, tagArg(json().tag).id);
      if (memberCount(account, id) > MAX_DELETABLE_TAG_FOLLOWERS) throw new WechatApiError(45057, "can't delete the tag that has too many fans");
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
      requireCapability(account, 'verified');
      const body = json();
      const id = reservedOrExisting(account, body.tagid);
      const list = openidList(body.openid_list);
      // Every openid is checked before any follower changes: one bad openid tags nobody.
      const known = list.map((openid) => knownFollower(account, openid));
      if (known.some((f) => !f.tagIds.includes(id) && f.tagIds.length >= MAX_TAGS_PER_FOLLOWER)) {
        throw new WechatApiError(45059, 'has no tag quota for user');
      }
      for (const openid of list) {
        const f = changeableFollower(account, openid);
        if (!f.tagIds.includes(id)) f.tagIds.push(id);
      }
      return { ...OK };
    },
  },
  {
    api: 'tags/members/batchuntagging',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const body = json();
      const id = reservedOrExisting(account, body.tagid);
      const list = openidList(body.openid_list);
      for (const openid of list) knownFollower(account, openid);
      for (const openid of list) {
        const f = changeableFollower(account, openid);
        f.tagIds = f.tagIds.filter((t) => t !== id);
      }
      return { ...OK };
    },
  },
  {
    api: 'tags/getidlist',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      return { tagid_list: [...knownFollower(account, json().openid).tagIds] };
    },
  },
  {
    api: 'user/tag/get',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const body = json();
      const id = knownTag(account, body.tagid);
      // next_openid is the last openid of the previous page; a page holds at most 10,000 openids.
      const next = typeof body.next_openid === 'string' ? body.next_openid : '';
      const page: string[] = [];
      let started = next === '';
      for (const openid of tagMembers(account, id)) {
        if (!started) {
          started = openid === next;
          continue;
        }
        page.push(openid);
        if (page.length === USER_PAGE_SIZE) break;
      }
      if (!started) throw new WechatApiError(40003);
      return { count: page.length, ...(page.length > 0 ? { data: { openid: page } } : {}), next_openid: page[page.length - 1] ?? '' };
    },
  },
];

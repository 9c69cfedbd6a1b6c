/**
 * The follower list and follower profiles of an Official Account, as the follower sync reads them. Errors surface
 * as WechatApiError from the client with WeChat's errcode: 45009 (today's quota of the API is spent), 40001/42001
 * (the token was refused; the client invalidates it), 40003 (an openid this account never issued), 40032 (more
 * than 100 openids in one batchget), 48001 (the account lacks the user-management permission set).
 * Since 2021-12-27 WeChat returns no nickname and no avatar: the profile carries what remains.
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import type { UserInfoLang, WechatUserInfo } from './types.js';

/** user/get answers at most this many openids a call. */
export const USER_LIST_PAGE = 10_000;
/** user/info/batchget takes at most this many openids a call. */
export const BATCHGET_MAX = 100;

export interface FollowerListPage {
  /** Followers the account has now (all pages). */
  total: number;
  openids: string[];
  /** Pass as `next_openid` for the page after this one; '' (or a page of 0) once the list is done. */
  nextOpenid: string;
}

export interface FollowerUsersApi {
  listFollowers(token: TokenSource, nextOpenid?: string): Promise<FollowerListPage>;
  batchGetUserInfo(token: TokenSource, openids: readonly string[], lang?: UserInfoLang): Promise<WechatUserInfo[]>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One user_info_list entry (or user/info answer), flattened; absent fields stay absent. */
export function userInfoOf(u: Json, openid?: string): WechatUserInfo {
  const tagIds = Array.isArray(u.tagid_list) ? u.tagid_list.filter((t): t is number => typeof t === 'number') : [];
  const optional = {
    unionid: str(u.unionid),
    language: str(u.language),
    subscribeTime: num(u.subscribe_time),
    remark: str(u.remark),
    subscribeScene: str(u.subscribe_scene),
    qrScene: num(u.qr_scene),
    qrSceneStr: str(u.qr_scene_str),
  };
  return {
    subscribed: u.subscribe === 1,
    openid: str(u.openid) ?? openid ?? '',
    tagIds,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<WechatUserInfo>),
  };
}

export function createFollowerUsersApi(client: WechatApiClient): FollowerUsersApi {
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html */
    async listFollowers(token, nextOpenid = '') {
      const r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/user/get', query: { next_openid: nextOpenid }, token });
      const data = r.data as { openid?: unknown } | undefined;
      const openids = Array.isArray(data?.openid) ? data.openid.filter((o): o is string => typeof o === 'string') : [];
      return { total: num(r.total) ?? 0, openids, nextOpenid: str(r.next_openid) ?? '' };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html */
    async batchGetUserInfo(token, openids, lang = 'zh_CN') {
      if (openids.length === 0) return [];
      if (openids.length > BATCHGET_MAX) throw new RangeError(`user/info/batchget takes at most ${BATCHGET_MAX} openids (got ${openids.length})`);
      const body = { user_list: openids.map((openid) => ({ openid, lang })) };
      const r = await client.request<Json>({ method: 'POST', path: '/cgi-bin/user/info/batchget', body, token });
      const list = Array.isArray(r.user_info_list) ? (r.user_info_list as Json[]) : [];
      return list.map((u) => userInfoOf(u));
    },
  };
}

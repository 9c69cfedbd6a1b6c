/**
 * Follower (user) management: the follower list, user info, remarks. Since 2021-12-27 user/info no longer returns
 * nickname, sex, city, headimgurl and the like; the simulator returns what WeChat still returns.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
 */
import { WechatApiError } from '../errors.js';
import type { Follower } from '../state/accounts.js';
import { followerAt, followingPage, materialize } from '../state/follower-roster.js';
import { requireCapability } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';

/** user/get returns up to 10 000 openids per page. */
export const USER_PAGE_SIZE = 10_000;
const MAX_BATCHGET = 100;
const MAX_REMARK_CHARS = 30;

/** unionid only when the account is bound to an Open Platform account (generated rosters say so). */
export function userInfo(follower: Follower & { unionid?: string }, lang = 'zh_CN'): Record<string, unknown> {
  if (!follower.following) return { subscribe: 0, openid: follower.openid, ...(follower.unionid ? { unionid: follower.unionid } : {}) };
  return {
    subscribe: 1,
    openid: follower.openid,
    ...(follower.unionid ? { unionid: follower.unionid } : {}),
    language: lang,
    subscribe_time: follower.subscribeTime,
    remark: follower.remark,
    groupid: 0,
    tagid_list: [...follower.tagIds],
    subscribe_scene: follower.subscribeScene,
    qr_scene: follower.qrScene,
    qr_scene_str: follower.qrSceneStr,
  };
}

export const userApis: ApiSpec[] = [
  {
    api: 'user/get',
    auth: 'authorizer',
    scope: 2,
    handle({ account, query }) {
      requireCapability(account, 'verified');
      // next_openid is the last openid of the previous page; after the last page WeChat answers count 0 and ''.
      const { total, page, start } = followingPage(account, query.get('next_openid') ?? '', USER_PAGE_SIZE);
      if (start === -1) throw new WechatApiError(40003);
      const result: Record<string, unknown> = { total, count: page.length };
      if (page.length > 0) result.data = { openid: page };
      result.next_openid = page.length > 0 ? (page[page.length - 1] as string) : '';
      return result;
    },
  },
  {
    api: 'user/info',
    auth: 'authorizer',
    scope: 2,
    handle({ account, query }) {
      requireCapability(account, 'verified');
      const follower = followerAt(account, query.get('openid') ?? '');
      if (!follower) throw new WechatApiError(40003);
      return userInfo(follower, query.get('lang') ?? 'zh_CN');
    },
  },
  {
    api: 'user/info/batchget',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const list = json().user_list;
      if (!Array.isArray(list) || list.length === 0) throw new WechatApiError(47001);
      if (list.length > MAX_BATCHGET) throw new WechatApiError(40032);
      const infos = list.map((item) => {
        const { openid, lang } = (item ?? {}) as Record<string, unknown>;
        const follower = typeof openid === 'string' ? followerAt(account, openid) : undefined;
        if (!follower) throw new WechatApiError(40003);
        return userInfo(follower, typeof lang === 'string' ? lang : 'zh_CN');
      });
      return { user_info_list: infos };
    },
  },
  {
    api: 'user/info/updateremark',
    auth: 'authorizer',
    scope: 2,
    handle({ account, json }) {
      requireCapability(account, 'verified');
      const body = json();
      const follower = typeof body.openid === 'string' ? materialize(account, body.openid) : undefined;
      if (!follower) throw new WechatApiError(40003);
      if (typeof body.remark !== 'string') throw new WechatApiError(47001);
      if ([...body.remark].length > MAX_REMARK_CHARS) throw new WechatApiError(47001);
      follower.remark = body.remark;
      return { ...OK };
    },
  },
];

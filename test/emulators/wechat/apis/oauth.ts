/**
 * Web authorization on behalf of an account (网页授权, needs permission set 4): the authorize page WeChat shows in
 * its browser, and the two sns APIs the platform calls. Codes live 5 minutes and work once (40029 after, as on a
 * double redirect); sns access tokens live 7200 s and read /sns/userinfo only for snsapi_userinfo (48001 otherwise).
 *
 * The simulated browser says who it is: `sim_openid` (a follower of the account; default its first follower) and,
 * for snsapi_userinfo, `sim_consent=1` (without it the consent page is shown, with an "Allow" link).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WechatApiError } from '../errors.js';
import { escapeHtml, redirect, sendHtml } from '../http/io.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import type { ApiSpec } from './registry.js';

export const OAUTH_PAGE_PATH = '/connect/oauth2/authorize';
const WEB_AUTHORIZATION_SCOPE = 4;
const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_SECONDS = 7200;

interface Code {
  appid: string;
  openid: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}
interface SnsToken {
  appid: string;
  openid: string;
  scope: string;
  expiresAt: number;
}
interface Book {
  codes: Map<string, Code>;
  tokens: Map<string, SnsToken>;
}

const books = new WeakMap<SimState, Book>();
function book(state: SimState): Book {
  let b = books.get(state);
  if (!b) books.set(state, (b = { codes: new Map(), tokens: new Map() }));
  return b;
}

/** Codes the authorize page issued (for tests: how many, and whether used). */
export function oauthCodes(state: SimState): ReadonlyMap<string, Readonly<Code>> {
  return book(state).codes;
}

const nicknameOf = (openid: string) => `微信用户${openid.slice(-4)}`;

function pageError(res: ServerResponse, errcode: number, text: string): void {
  sendHtml(
    res,
    200,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${errcode}</title></head>
<body><main data-errcode="${errcode}"><h1>${errcode}</h1><p id="error">${escapeHtml(text)}</p></main></body></html>`,
  );
}

function grantedAccount(state: SimState, appid: string | null): SimAccount | undefined {
  const account = appid ? state.accounts.get(appid) : undefined;
  return account?.authorization?.status === 'authorized' ? account : undefined;
}

/** GET /connect/oauth2/authorize: WeChat's own page errors are HTML with a code, not JSON. */
export function showOAuthPage(state: SimState, query: URLSearchParams, res: ServerResponse): void {
  if (query.get('component_appid') !== state.component.appid) return pageError(res, 10016, '第三方平台 appid 无效 Invalid component_appid');
  const account = grantedAccount(state, query.get('appid'));
  if (!account) return pageError(res, 10001, 'appid 无效或未授权 Unknown or unauthorized appid');
  if (!account.authorization?.scopes.includes(WEB_AUTHORIZATION_SCOPE))
    return pageError(res, 10005, '此公众号并没有这些scope的权限 The account did not grant web authorization');
  const scope = query.get('scope') ?? '';
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') return pageError(res, 10005, `scope 无效 Invalid scope ${scope}`);
  if (query.get('response_type') !== 'code') return pageError(res, 10004, 'response_type 必须为 code response_type must be code');
  let redirectUri: URL;
  try {
    redirectUri = new URL(query.get('redirect_uri') ?? '');
  } catch {
    return pageError(res, 10003, 'redirect_uri 参数错误 Invalid redirect_uri');
  }
  const openid = query.get('sim_openid') ?? [...account.followers.keys()][0];
  if (!openid || !account.followers.has(openid)) return pageError(res, 10002, '未关注的用户 Unknown follower (sim_openid)');
  if (scope === 'snsapi_userinfo' && query.get('sim_consent') !== '1') {
    const allow = new URLSearchParams(query);
    allow.set('sim_openid', openid);
    allow.set('sim_consent', '1');
    return sendHtml(
      res,
      200,
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>授权 Authorize</title></head><body><main data-consent="userinfo">
<p>${escapeHtml(account.nickName)} 申请获取你的昵称、头像 asks for your nickname and avatar</p>
<a id="allow" href="${escapeHtml(`${OAUTH_PAGE_PATH}?${allow.toString()}`)}">允许 Allow</a></main></body></html>`,
    );
  }
  const code = randomBytes(16).toString('hex');
  book(state).codes.set(code, { appid: account.appid, openid, scope, expiresAt: Date.now() + CODE_TTL_MS, used: false });
  redirectUri.searchParams.set('code', code);
  redirectUri.searchParams.set('state', query.get('state') ?? '');
  redirect(res, redirectUri.toString());
}

export const oauthApis: ApiSpec[] = [
  {
    api: 'sns/oauth2/component/access_token',
    auth: 'component',
    handle({ state, query }) {
      if (query.get('component_appid') !== state.component.appid) throw new WechatApiError(40013, 'invalid appid (component_appid)');
      if (query.get('grant_type') !== 'authorization_code') throw new WechatApiError(40002, 'invalid grant_type');
      const account = grantedAccount(state, query.get('appid'));
      if (!account) throw new WechatApiError(40013);
      const code = book(state).codes.get(query.get('code') ?? '');
      if (!code || code.used || code.appid !== account.appid || code.expiresAt <= Date.now()) throw new WechatApiError(40029, 'invalid code');
      code.used = true;
      const accessToken = randomBytes(24).toString('base64url');
      book(state).tokens.set(accessToken, { appid: code.appid, openid: code.openid, scope: code.scope, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });
      return {
        access_token: accessToken,
        expires_in: TOKEN_TTL_SECONDS,
        refresh_token: randomBytes(24).toString('base64url'),
        openid: code.openid,
        scope: code.scope,
      };
    },
  },
  {
    api: 'sns/userinfo',
    auth: 'none',
    handle({ state, query }) {
      const value = query.get('access_token');
      if (!value) throw new WechatApiError(41001);
      const token = book(state).tokens.get(value);
      if (!token) throw new WechatApiError(40001);
      if (token.expiresAt <= Date.now()) throw new WechatApiError(42001);
      if (query.get('openid') !== token.openid) throw new WechatApiError(40003);
      if (token.scope !== 'snsapi_userinfo') throw new WechatApiError(48001);
      return { openid: token.openid, nickname: nicknameOf(token.openid), sex: 0, province: '', city: '', country: '', headimgurl: '', privilege: [] };
    },
  },
];

/**
 * The control API under /sim/: what tests and the sandbox use to make followers act, approve or revoke, inspect
 * what the relay sent, inject failures and run the 全网发布 robot. Not part of WeChat; JSON in, JSON out.
 */
import type { ServerResponse } from 'node:http';
import { SimInputError } from '../errors.js';
import { menuRoutes } from '../apis/menu-state.js';
import { tagMembers } from '../apis/tags.js';
import { approveAndNotify, revokeAndNotify } from '../flows/authorization.js';
import { accountSummary, followerSummary, setFollower } from '../flows/followers.js';
import { runReleaseTest } from '../flows/release-test.js';
import { parseJsonObject, sendBytes, sendJson } from '../http/io.js';
import { pushVerifyTicket } from '../push/component-events.js';
import { pushFollowerMessage } from '../push/follower-messages.js';
import { templateControlRoutes } from '../push/template-control.js';
import { subscribeControlRoutes } from '../push/subscribe-control.js';
import { checkAccountUrl } from '../push/url-check.js';
import { massControlRoutes } from '../state/mass-control.js';
import { tinyPng } from '../state/media.js';
import { materialFile } from '../state/material.js';
import type { SimState } from '../state/simulator-state.js';
import { intList, num, parseAccountInit, parsePushInput, str } from './inputs.js';

type Json = Record<string, unknown>;
type Handler = (state: SimState, body: Json, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

const ROUTES: Record<string, Handler> = {
  ...menuRoutes,
  'POST /sim/push': async (state, body) => [200, await pushFollowerMessage(state, parsePushInput(body))],
  'POST /sim/ticket': async (state) => [200, await pushVerifyTicket(state)],
  'POST /sim/authorize': async (state, body) => {
    const scopes = intList(body, 'scopes');
    const approval = await approveAndNotify(state, str(body, 'appid', true), scopes ? { scopes } : {});
    const expiresIn = Math.round((approval.authCode.expiresAt - state.clock.now()) / 1000);
    return [200, { appid: approval.account.appid, infoType: approval.infoType, authCode: approval.authCode.value, expiresIn, push: approval.push }];
  },
  'POST /sim/unauthorize': async (state, body) => [200, await revokeAndNotify(state, str(body, 'appid', true))],
  'GET /sim/sent': (state, _body, query) => {
    const appid = query.get('appid');
    return [200, appid ? state.sentLog.filter((s) => s.appid === appid) : state.sentLog];
  },
  'GET /sim/pushes': (state, _body, query) => {
    const appid = query.get('appid');
    return [200, appid ? state.pushLog.filter((p) => p.appid === appid) : state.pushLog];
  },
  'GET /sim/stats': (state) => [200, state.stats],
  /** The account's tags as WeChat holds them: id, name, how many followers carry it and the first 100 of them. */
  'GET /sim/tags': (state, _body, query) => {
    const account = state.account(query.get('appid') ?? '');
    return [
      200,
      [...account.tags.values()].map((t) => {
        const members = [...tagMembers(account, t.id)];
        return { id: t.id, name: t.name, count: members.length, openids: members.slice(0, 100) };
      }),
    ];
  },
  'POST /sim/fail-next': (state, body) => {
    const errcode = num(body, 'errcode', true);
    if (!Number.isInteger(errcode) || errcode === 0) throw new SimInputError('errcode must be a non-zero integer');
    const errmsg = str(body, 'errmsg');
    state.failNext(str(body, 'api', true).replace(/^\/?(cgi-bin\/)?/, ''), { errcode, ...(errmsg === undefined ? {} : { errmsg }) });
    return [200, { ok: true }];
  },
  'POST /sim/quota': (state, body) => {
    const limit = body.limit === null ? null : num(body, 'limit', true);
    state.quota.setLimit(str(body, 'api', true), limit);
    return [200, { ok: true }];
  },
  'GET /sim/accounts': (state) => [200, [...state.accounts.values()].map(accountSummary)],
  'POST /sim/accounts': (state, body) => [201, accountSummary(state.addAccount(parseAccountInit(body)))],
  'POST /sim/followers': (state, body) => {
    const following = body.following;
    if (following !== undefined && typeof following !== 'boolean') throw new SimInputError('following must be a boolean');
    const lastMessageAt = body.lastMessageAt === null ? null : num(body, 'lastMessageAt');
    const repliesUsed = num(body, 'repliesUsed');
    const follower = setFollower(state, str(body, 'appid', true), str(body, 'openid', true), {
      ...(following === undefined ? {} : { following }),
      ...(lastMessageAt === undefined ? {} : { lastMessageAt }),
      ...(repliesUsed === undefined ? {} : { repliesUsed }),
    });
    return [200, followerSummary(follower)];
  },
  'POST /sim/verify-url': async (state, body) => {
    const appid = str(body, 'appid', true);
    state.account(appid);
    return [200, await checkAccountUrl(state, appid, str(body, 'token'))];
  },
  'POST /sim/release-test': async (state, body) => {
    const appid = str(body, 'appid');
    const timeoutMs = num(body, 'timeoutMs');
    return [200, await runReleaseTest(state, { ...(appid ? { appid } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) })];
  },
  // Template messages: a follower blocks them, a template added in the MP console, what WeChat holds and showed.
  ...templateControlRoutes,
  // Subscription notifications: a user answers the popup, turns a notification off, and what WeChat holds.
  ...subscribeControlRoutes,
  ...massControlRoutes,
};

/** Serves /sim/*; returns false when the path is not a control route. */
export async function handleControl(state: SimState, method: string, url: URL, body: Buffer, res: ServerResponse): Promise<boolean> {
  const media = /^\/sim\/media\/([\w-]+)$/.exec(url.pathname);
  if (method === 'GET' && media) {
    // Download URL behind PicUrl and video_url: anyone holding the link may fetch it, as with WeChat's CDN.
    const item = state.media.get(undefined, media[1] as string);
    if (!item) sendJson(res, 404, { error: 'no such media' });
    else sendBytes(res, item.bytes, item.contentType);
    return true;
  }
  // Permanent material and article images (state/material.ts): the URLs add_material and uploadimg answer.
  const material = method === 'GET' ? materialFile(state, url) : undefined;
  if (material !== undefined) {
    if (!material) sendJson(res, 404, { error: 'no such material' });
    else sendBytes(res, material.bytes, material.contentType);
    return true;
  }
  if (method === 'GET' && /^\/sim\/image\/[\w]+\/(head|qrcode)\.png$/.test(url.pathname)) {
    sendBytes(res, tinyPng(8, 8, [7, 193, 96]), 'image/png');
    return true;
  }
  const handler = ROUTES[`${method} ${url.pathname}`];
  if (!handler) {
    if (!url.pathname.startsWith('/sim/') && url.pathname !== '/sim') return false;
    sendJson(res, 404, { error: `no control route ${method} ${url.pathname}`, routes: Object.keys(ROUTES) });
    return true;
  }
  const [status, payload] = await handler(state, method === 'GET' ? {} : parseJsonObject(body), url.searchParams);
  sendJson(res, status, payload);
  return true;
}

/**
 * The simulator's single node:http server. It plays three WeChat hosts on one port (api.weixin.qq.com for
 * /cgi-bin/…, /wxaapi/…, mp.weixin.qq.com for the authorization page and showqrcode, open.weixin.qq.com for bindcomponent)
 * plus the /sim/ control API. Errors are mapped to responses here and only here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { API_SPECS } from '../apis/index.js';
import { isBinary, runApi } from '../apis/registry.js';
import { OAUTH_PAGE_PATH, showOAuthPage } from '../apis/oauth.js';
import { APPROVE_PATH, approve, LOGIN_PAGE_PATH, MOBILE_PAGE_PATHS, showLoginPage } from '../authpage/routes.js';
import { handleControl } from '../control/routes.js';
import { errorBody, SimInputError, WechatApiError } from '../errors.js';
import type { SimState } from '../state/simulator-state.js';
import { readBody, sendBytes, sendJson } from './io.js';

async function route(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://simulator.local');
  const body = await readBody(req);
  const path = url.pathname.replace(/\/+$/, '') || '/';

  if (path === LOGIN_PAGE_PATH) return showLoginPage(state, url.searchParams, res, false);
  if (MOBILE_PAGE_PATHS.includes(path)) return showLoginPage(state, url.searchParams, res, true);
  if (path === APPROVE_PATH) return approve(state, url.searchParams, res);
  // showqrcode (mp.weixin.qq.com in WeChat) is the `showqrcode` API spec of apis/qrcode.ts.
  if (path === OAUTH_PAGE_PATH) return showOAuthPage(state, url.searchParams, res);
  if (path.startsWith('/cgi-bin/') || path.startsWith('/sns/') || path.startsWith('/datacube/') || path.startsWith('/wxaapi/')) {
    const spec = API_SPECS.get(path.startsWith('/cgi-bin/') ? path.slice('/cgi-bin/'.length) : path.slice(1));
    if (!spec) return sendJson(res, 404, { errcode: 404, errmsg: `no simulated API at ${path}` });
    const result = await runApi(spec, state, { method, query: url.searchParams, body, contentType: req.headers['content-type'] });
    return isBinary(result) ? sendBytes(res, result.bytes, result.contentType, result.filename) : sendJson(res, 200, result);
  }
  if (await handleControl(state, method, url, body, res)) return;
  sendJson(res, 404, { error: `nothing at ${path}` });
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof WechatApiError) sendJson(res, 200, errorBody(error));
  else if (error instanceof SimInputError) sendJson(res, error.status, { error: error.message });
  else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
}

export function createSimulatorServer(state: SimState): Server {
  return createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => fail(res, error));
  });
}

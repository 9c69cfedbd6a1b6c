/**
 * The one place that talks HTTP to WeChat. It adds the token, sends, reads errcode and applies WeChat's
 * retry rules:
 * - 40001 / 40014 / 42001: the token used is reported to `token.invalidate(value)` (which drops it only if it is
 *   still current) and the call is retried once with `token.get()`; a second refusal is reported too, then thrown.
 * - -1 (system busy): retried with exponential backoff, `busyRetries` times (default 2: three attempts).
 * - Anything else ≠ 0 throws WechatApiError; no answer or a non-JSON body throws WechatHttpError. Network
 *   failures are not retried: a POST such as message/custom/send may already have been delivered.
 * Logs carry method, path, errcode, status, attempt and duration — never the query string or the token.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Global_Return_Code.html
 */
import { BUSY_ERROR_CODE, TOKEN_ERROR_CODES, WechatApiError, WechatHttpError } from './errors.js';
import { redactSecrets } from './redact.js';
import { readDownload, readJson, type Outcome } from './response.js';
import type { WechatApiClient, WechatDownload, WechatLogger, WechatRequest } from './types.js';

export interface WechatApiClientOptions {
  /** `https://api.weixin.qq.com`, or a simulator. */
  baseUrl: string;
  fetch?: typeof fetch;
  logger?: WechatLogger;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after errcode -1. Default 2. */
  busyRetries?: number;
  /** First backoff after -1; doubles each time. Default 250 ms. */
  busyBackoffMs?: number;
  /** Per-attempt timeout. Default 15 s. */
  timeoutMs?: number;
}

const silent: WechatLogger = { info() {}, warn() {}, error() {} };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createWechatApiClient(options: WechatApiClientOptions): WechatApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new TypeError('baseUrl must be an http(s) URL');
  const doFetch = options.fetch ?? fetch;
  const log = options.logger ?? silent;
  const sleep = options.sleep ?? realSleep;
  const busyRetries = options.busyRetries ?? 2;
  const backoff = options.busyBackoffMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(req: WechatRequest, token: string | undefined): Promise<Response> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) if (value !== undefined) query.set(name, String(value));
    if (token !== undefined) query.set(req.tokenParam ?? 'access_token', token);
    const qs = query.toString();
    const init: RequestInit = { method: req.method, signal: AbortSignal.timeout(timeoutMs) };
    if (req.body instanceof FormData) init.body = req.body;
    else if (req.body !== undefined) {
      init.body = JSON.stringify(req.body);
      init.headers = { 'content-type': 'application/json; charset=utf-8' };
    }
    try {
      return await doFetch(`${base}${req.path}${qs ? `?${qs}` : ''}`, init);
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
      throw new WechatHttpError(`WeChat API ${req.path} request failed (${redactSecrets(reason)})`, req.path);
    }
  }

  async function execute<T>(req: WechatRequest, read: (res: Response, path: string) => Promise<Outcome<T>>): Promise<T> {
    if (!req.path.startsWith('/') || req.path.includes('?')) throw new TypeError('path must start with / and carry no query');
    let tokenRetried = false;
    let busy = 0;
    for (let attempt = 1; ; attempt++) {
      const token = req.token ? await req.token.get() : undefined;
      const started = performance.now();
      const fields = { method: req.method, path: req.path, attempt };
      let outcome: Outcome<T>;
      try {
        outcome = await read(await send(req, token), req.path);
      } catch (err) {
        const status = err instanceof WechatHttpError ? err.status : undefined;
        log.error('wechat api call failed', { ...fields, status, durationMs: elapsed(started), error: (err as Error).name });
        throw err;
      }
      const done = { ...fields, status: outcome.status, durationMs: elapsed(started) };
      if (outcome.ok) {
        log.info('wechat api call', { ...done, errcode: 0 });
        return outcome.value;
      }
      const { errcode } = outcome;
      if (TOKEN_ERROR_CODES.has(errcode) && req.token && token !== undefined) {
        // Always report the refused token (the next caller then refreshes), but retry only once.
        await req.token.invalidate(token);
        if (!tokenRetried) {
          log.warn('wechat api refused the token; refreshing and retrying once', { ...done, errcode });
          tokenRetried = true;
          continue;
        }
      }
      if (errcode === BUSY_ERROR_CODE && busy < busyRetries) {
        const delayMs = backoff * 2 ** busy++;
        log.warn('wechat api busy; retrying', { ...done, errcode, delayMs });
        await sleep(delayMs);
        continue;
      }
      log.error('wechat api error', { ...done, errcode });
      throw new WechatApiError(errcode, outcome.errmsg, req.path, outcome.msgId);
    }
  }

  return {
    request: <T>(req: WechatRequest) => execute(req, readJson as (res: Response, path: string) => Promise<Outcome<T>>),
    download: (req: WechatRequest) => execute<WechatDownload>(req, readDownload),
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

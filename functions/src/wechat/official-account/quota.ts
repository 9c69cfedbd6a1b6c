/**
 * API call quotas of an Official Account, read and reset by the platform with the authorizer's token.
 * `openapi/quota/get` reads one API's daily limit and today's use (Beijing day); `clear_quota` resets all of the
 * account's quotas, at most 10 times a month (48006 after that).
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** clear_quota may be used this many times a month per account. */
export const CLEAR_QUOTA_PER_MONTH = 10;
/** WeChat's answer once the month's resets are used up. */
export const CLEAR_QUOTA_LIMIT_REACHED = 48006;
/** WeChat's answer for a cgi_path it keeps no quota for. */
export const CGI_PATH_NOT_FOUND = 76021;

export interface ApiQuota {
  dailyLimit: number;
  used: number;
  remain: number;
}

export interface QuotaApi {
  /** `cgiPath` as WeChat spells it: `/cgi-bin/message/custom/send`. */
  getQuota(token: TokenSource, cgiPath: string): Promise<ApiQuota>;
  clearQuota(token: TokenSource, appid: string): Promise<void>;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function createQuotaApi(client: WechatApiClient): QuotaApi {
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html */
    async getQuota(token, cgiPath) {
      const r = await client.request<Json>({ method: 'POST', path: '/cgi-bin/openapi/quota/get', body: { cgi_path: cgiPath }, token });
      const q = (typeof r.quota === 'object' && r.quota !== null ? r.quota : {}) as Json;
      return { dailyLimit: num(q.daily_limit), used: num(q.used), remain: num(q.remain) };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html */
    async clearQuota(token, appid) {
      await client.request({ method: 'POST', path: '/cgi-bin/clear_quota', body: { appid }, token });
    },
  };
}

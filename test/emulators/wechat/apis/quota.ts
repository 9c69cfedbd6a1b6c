/**
 * openapi/quota/get: one API's daily quota and today's use for the calling account (Beijing day), from the same
 * QuotaBook that answers 45009. clear_quota (10 a month, then 48006) is in account.ts.
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
import { WechatApiError } from '../errors.js';
import { OK, type ApiSpec } from './registry.js';

/** WeChat's answer for a cgi_path it keeps no quota for. */
export const CGI_PATH_NOT_FOUND = 76021;

/** `/cgi-bin/message/custom/send` → `message/custom/send` (the QuotaBook's key). */
export function quotaKeyOf(cgiPath: string): string | undefined {
  const m = /^\/cgi-bin\/([a-z0-9_/]+)$/i.exec(cgiPath.trim());
  return m ? m[1] : undefined;
}

export const quotaApis: ApiSpec[] = [
  {
    api: 'openapi/quota/get',
    auth: 'authorizer',
    handle({ state, account, json }) {
      const cgiPath = json().cgi_path;
      if (typeof cgiPath !== 'string' || cgiPath === '') throw new WechatApiError(47001);
      const key = quotaKeyOf(cgiPath);
      const limit = key === undefined ? undefined : state.quota.limitOf(key);
      if (key === undefined || limit === undefined) throw new WechatApiError(CGI_PATH_NOT_FOUND, 'cgi_path not found, please check');
      const used = state.quota.used(account.appid, key);
      return { ...OK, quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } };
    },
  },
];

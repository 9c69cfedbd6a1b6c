/**
 * Account-level APIs: clear_quota (parametric QR codes are apis/qrcode.ts).
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import { WechatApiError } from '../errors.js';
import { beijingDay, CLEAR_QUOTA_PER_MONTH } from '../state/quota.js';
import { OK, type ApiSpec } from './registry.js';

export const accountApis: ApiSpec[] = [
  {
    api: 'clear_quota',
    auth: 'authorizer',
    handle({ state, account, json }) {
      if (json().appid !== account.appid) throw new WechatApiError(40013);
      const month = beijingDay(state.clock.now()).slice(0, 7);
      const used = account.quotaClears.get(month) ?? 0;
      if (used >= CLEAR_QUOTA_PER_MONTH) throw new WechatApiError(48006);
      account.quotaClears.set(month, used + 1);
      state.quota.clear(account.appid);
      return { ...OK };
    },
  },
];

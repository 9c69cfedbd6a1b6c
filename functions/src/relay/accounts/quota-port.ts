/** The quota APIs as the relay's use case needs them: per account appid, the token found by the adapter. */
import type { ApiQuota } from '../../wechat/official-account/quota.js';

export interface QuotaPort {
  /** https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html */
  getQuota(appid: string, cgiPath: string): Promise<ApiQuota>;
  /** https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html */
  clearQuota(appid: string): Promise<void>;
}

/**
 * The account description api_get_authorizer_info returns, and func_info as api_query_auth returns it.
 * Since 2021 WeChat no longer hands out some fields (e.g. follower nicknames); account fields are still complete.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 * https://developers.weixin.qq.com/doc/oplatform/openApi/authorization-management/api_getauthorizerinfo.md
 */
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';

export function funcInfo(account: SimAccount): Array<Record<string, unknown>> {
  return (account.authorization?.scopes ?? []).map((id) => ({
    funcscope_category: { id },
    confirm_info: { need_confirm: 0, already_confirm: 0, can_confirm: 0 },
  }));
}

export function authorizerInfo(state: SimState, account: SimAccount): Record<string, unknown> {
  const imageUrl = (kind: string): string => `${state.publicUrl}/sim/image/${account.appid}/${kind}.png`;
  const info: Record<string, unknown> = {
    nick_name: account.nickName,
    head_img: imageUrl('head'),
    service_type_info: { id: account.serviceType },
    verify_type_info: { id: account.verifyType },
    user_name: account.originalId,
    principal_name: account.principalName,
    alias: account.alias,
    business_info: { open_store: 0, open_scan: 0, open_pay: 0, open_card: 0, open_shake: 0 },
    qrcode_url: imageUrl('qrcode'),
    account_status: 1,
    idc: 1,
    signature: '',
    basic_config: { is_phone_configured: true, is_email_configured: true },
  };
  if (account.isMiniProgram) {
    info.MiniProgramInfo = {
      network: { RequestDomain: [], WsRequestDomain: [], UploadDomain: [], DownloadDomain: [], BizDomain: [], UDPDomain: [] },
      categories: [],
      visit_status: 0,
    };
  }
  return {
    authorizer_info: info,
    authorization_info: {
      authorizer_appid: account.appid,
      authorizer_refresh_token: account.authorization?.refreshToken,
      func_info: funcInfo(account),
    },
  };
}

/**
 * Readable texts for the errcodes the relay meets, in English and Chinese, and how to react to each (`kind`).
 * Sources: WeChat's global return codes, the component token page, and WxJava's WxMpErrorMsgEnum /
 * WxOpenErrorMsgEnum (see docs/wechat-protocol.md §3.3 and §5).
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Global_Return_Code.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */

/**
 * - token-invalid: the access token is bad or stale; refreshing fixes it (40001/40014/42001 are retried once).
 * - busy: WeChat is busy (-1); retry later.
 * - permission: the platform, account, IP or credential is not allowed; a human must act (whitelist, grant, re-authorize).
 * - window-closed: the follower cannot be messaged right now (customer-service 48-hour window).
 * - quota: a call quota or rate limit is reached.
 * - invalid-input: the request itself is wrong (openid, media id, format…).
 */
export type WechatApiErrorKind = 'token-invalid' | 'busy' | 'permission' | 'window-closed' | 'quota' | 'invalid-input' | 'other';

export interface WechatErrorText {
  kind: WechatApiErrorKind;
  en: string;
  zh: string;
}

export const WECHAT_ERROR_TEXTS: Readonly<Record<number, WechatErrorText>> = {
  [-1]: { kind: 'busy', en: 'WeChat is busy; try again in a moment.', zh: '系统繁忙，请稍后再试。' },
  40001: {
    kind: 'token-invalid',
    en: 'The access token is invalid or no longer the latest (another process may have refreshed it), or the AppSecret is wrong.',
    zh: 'access_token 无效或不是最新的（可能已被其他进程刷新），或 AppSecret 错误。',
  },
  40003: { kind: 'invalid-input', en: 'The openid is not valid for this account.', zh: '不合法的 openid，或该用户不属于此公众号。' },
  40007: { kind: 'invalid-input', en: 'The media id is not valid (it may have expired).', zh: '不合法的媒体文件 id（可能已过期）。' },
  40013: { kind: 'invalid-input', en: 'The AppID is not valid.', zh: '不合法的 AppID。' },
  40014: { kind: 'token-invalid', en: 'The access token is not valid.', zh: '不合法的 access_token。' },
  40125: { kind: 'permission', en: 'The AppSecret is not valid; check the platform configuration.', zh: '无效的 AppSecret，请检查第三方平台配置。' },
  40164: { kind: 'permission', en: "The calling IP address is not in the account's IP whitelist.", zh: '调用接口的 IP 地址不在白名单中。' },
  41001: { kind: 'token-invalid', en: 'The access token is missing from the request.', zh: '缺少 access_token 参数。' },
  41004: { kind: 'permission', en: 'The AppSecret is missing.', zh: '缺少 secret 参数。' },
  42001: { kind: 'token-invalid', en: 'The access token has expired.', zh: 'access_token 已过期。' },
  43004: { kind: 'permission', en: 'The follower must follow the account before it can be messaged.', zh: '需要接收者关注公众号。' },
  44002: { kind: 'invalid-input', en: 'The request body is empty.', zh: 'POST 的数据包为空。' },
  45009: { kind: 'quota', en: 'The daily call quota of this API is reached.', zh: '接口调用超过日限制。' },
  45011: { kind: 'quota', en: 'Calls are too frequent; slow down.', zh: 'API 调用太频繁，请稍候再试。' },
  45015: {
    kind: 'window-closed',
    en: 'The follower has not interacted within the customer-service window (48 hours); a template message is needed.',
    zh: '回复时间超过限制（用户 48 小时内未与公众号互动）。',
  },
  45047: { kind: 'quota', en: 'Too many customer-service messages were sent to this follower without a reply.', zh: '客服接口下行条数超过上限。' },
  47001: { kind: 'invalid-input', en: 'The request data is malformed (JSON or XML).', zh: '数据格式错误。' },
  48001: {
    kind: 'permission',
    en: 'This API is not authorized for the account (permission set not granted or account type lacks it).',
    zh: 'API 功能未授权（未授权该权限集或账号类型不支持）。',
  },
  61003: { kind: 'permission', en: 'The account has not authorized this third-party platform.', zh: '该公众号未授权给此第三方平台。' },
  61004: { kind: 'permission', en: 'The calling IP address is not whitelisted on the third-party platform.', zh: '调用接口的 IP 未在第三方平台白名单中登记。' },
  61005: {
    kind: 'permission',
    en: 'The component_verify_ticket has expired; wait for the next push.',
    zh: 'component_verify_ticket 已过期，请等待下一次推送。',
  },
  61006: {
    kind: 'permission',
    en: 'The component_verify_ticket is not valid; wait for the next push.',
    zh: 'component_verify_ticket 无效，请等待下一次推送。',
  },
  61007: { kind: 'permission', en: 'This API is not granted to the third-party platform by the account.', zh: '公众号未授权该接口给第三方平台。' },
  61011: { kind: 'permission', en: 'The third-party platform is not valid.', zh: '无效的第三方平台。' },
  61023: {
    kind: 'permission',
    en: 'The authorizer refresh token is not valid; the account must authorize again.',
    zh: 'authorizer_refresh_token 无效，需要重新授权。',
  },
  61024: {
    kind: 'invalid-input',
    en: 'Use api_component_token to get the token of a component account.',
    zh: '第三方平台账号请使用 api_component_token 获取令牌。',
  },
};

export function describeWechatError(errcode: number): WechatErrorText {
  return Object.prototype.hasOwnProperty.call(WECHAT_ERROR_TEXTS, errcode)
    ? (WECHAT_ERROR_TEXTS[errcode] as WechatErrorText)
    : { kind: 'other', en: `WeChat returned error ${errcode}.`, zh: `微信返回错误码 ${errcode}。` };
}

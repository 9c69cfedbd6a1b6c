export { createWechatApiClient, type WechatApiClientOptions } from './client.js';
export { describeWechatError, WECHAT_ERROR_TEXTS, type WechatApiErrorKind, type WechatErrorText } from './error-codes.js';
export { BUSY_ERROR_CODE, TOKEN_ERROR_CODES, WechatApiError, WechatHttpError } from './errors.js';
export { redactSecrets } from './redact.js';
export type { QueryValue, TokenSource, WechatApiClient, WechatDownload, WechatLogFields, WechatLogger, WechatRequest } from './types.js';

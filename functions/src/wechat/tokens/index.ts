export { AuthorizerAccessTokenProvider, authorizerTokenKey, type AuthorizerAccessTokenProviderOptions } from './authorizer-access-token.js';
export { ComponentAccessTokenProvider, type ComponentAccessTokenProviderOptions } from './component-access-token.js';
export { WechatTokenError, type WechatTokenErrorKind } from './errors.js';
export type * from './ports.js';
export { DEFAULT_REFRESH_MARGIN_MS, isFresh } from './refresh.js';

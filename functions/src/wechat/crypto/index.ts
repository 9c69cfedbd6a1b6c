export { decodeEncodingAesKey, pkcs7Pad32, pkcs7Unpad32 } from './cipher.js';
export { WechatCryptoError, WechatCryptoErrorCode } from './errors.js';
export { safeEqual, sortedSha1 } from './signature.js';
export { WechatCrypto, type WechatCryptoOptions } from './wechat-crypto.js';

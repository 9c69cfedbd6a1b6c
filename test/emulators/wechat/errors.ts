/**
 * WeChat API errors: every API answers HTTP 200 with `{"errcode":N,"errmsg":"… rid: …"}`.
 * errmsg texts are the English ones WeChat returns; clients must only rely on errcode.
 * https://developers.weixin.qq.com/doc/oplatform/Return_codes/Return_code_descriptions_new.html
 */
import { randomBytes } from 'node:crypto';

export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid meida size',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40016: 'invalid button size',
  40017: 'invalid button type',
  40018: 'invalid button name size',
  40019: 'invalid button key size',
  40020: 'invalid button url size',
  40023: 'invalid sub button size',
  40024: 'invalid sub button type',
  40025: 'invalid sub button name size',
  40026: 'invalid sub button key size',
  40027: 'invalid sub button url size',
  40032: 'invalid openid list size',
  40037: 'invalid template_id',
  40050: 'invalid group id',
  40125: 'invalid appsecret',
  40130: 'invalid openid list size, at least two openid',
  41001: 'access_token missing',
  41004: 'appsecret missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43004: 'require subscribe',
  44002: 'empty post data',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  45034: 'media file count is out of limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  45157: 'invalid tag name',
  45158: 'tag name too long',
  45159: 'invalid tag id',
  46003: 'menu no exist',
  47001: 'data format error',
  48001: 'api unauthorized',
  48006: 'forbid to clear quota because of reaching the limit',
  61003: 'component is not authorized by this account',
  61005: 'component ticket is expired',
  61006: 'component ticket is invalid',
  61009: 'code is invalid',
  61010: 'code is expired',
  61011: 'invalid component',
  61014: 'must use component token for component api',
  61015: 'must use biz account token for not component api',
  61023: 'refresh_token is invalid',
};

/** An API failure carried to the HTTP layer, which turns it into WeChat's JSON error body. */
export class WechatApiError extends Error {
  readonly errmsg: string;

  constructor(
    readonly errcode: number,
    errmsg?: string,
  ) {
    const text = errmsg ?? ERRMSG[errcode] ?? 'error';
    super(`${errcode} ${text}`);
    this.name = 'WechatApiError';
    this.errmsg = text;
  }
}

/** WeChat appends a request id to errmsg (`… rid: 65f1c2a0-1b2c3d4e-5f607182`). */
export function withRequestId(errmsg: string): string {
  const hex = randomBytes(12).toString('hex');
  return `${errmsg} rid: ${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16)}`;
}

export function errorBody(error: WechatApiError): { errcode: number; errmsg: string } {
  return { errcode: error.errcode, errmsg: withRequestId(error.errmsg) };
}

/** Raised for malformed control-API input (`/sim/*`); the HTTP layer answers 400. */
export class SimInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimInputError';
  }
}

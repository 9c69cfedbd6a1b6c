/**
 * Errors of WeChat API calls. WechatApiError: WeChat answered with errcode ≠ 0. WechatHttpError: no usable
 * answer (network failure, timeout, non-2xx status, or a body that is not the expected JSON/binary).
 * Messages carry the API path and codes only, never a token, secret or query string.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Global_Return_Code.html
 */
import { describeWechatError, type WechatApiErrorKind } from './error-codes.js';
import { redactSecrets } from './redact.js';

export class WechatApiError extends Error {
  override readonly name = 'WechatApiError';
  readonly errcode: number;
  /** WeChat's own errmsg (redacted), often with a `rid` to quote to WeChat support. */
  readonly errmsg: string;
  readonly kind: WechatApiErrorKind;
  /** Readable English text for the errcode. */
  readonly en: string;
  /** Readable Chinese text for the errcode. */
  readonly zh: string;
  /** The API path called, without query. */
  readonly path: string | undefined;
  /** A msg_id WeChat put in the error answer (mass send 45065: the send that already used this clientmsgid). */
  readonly msgId: string | undefined;

  constructor(errcode: number, errmsg: string, path?: string, msgId?: string) {
    const text = describeWechatError(errcode);
    const safeMsg = redactSecrets(String(errmsg ?? ''));
    super(`WeChat API${path ? ` ${path}` : ''} failed with errcode ${errcode}: ${text.en} (${safeMsg})`);
    this.errcode = errcode;
    this.errmsg = safeMsg;
    this.kind = text.kind;
    this.en = text.en;
    this.zh = text.zh;
    this.path = path;
    this.msgId = msgId;
  }
}

export class WechatHttpError extends Error {
  override readonly name = 'WechatHttpError';

  constructor(
    message: string,
    /** The API path called, without query. */
    readonly path: string,
    /** HTTP status, or undefined when no response arrived. */
    readonly status?: number,
    /** A short redacted excerpt of the body, when there was one. */
    readonly bodyExcerpt?: string,
    options?: { cause?: unknown },
  ) {
    super(redactSecrets(message), options);
  }
}

/** The codes after which the token used is discarded and the call retried once with a fresh one. */
export const TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
export const BUSY_ERROR_CODE = -1;

/**
 * Parametric QR codes (带参数二维码) of an Official Account: `qrcode/create` with the authorizer's token on the API
 * host, and the image from `showqrcode` on the MP host (no token: the ticket is the credential). Limits as WeChat
 * documents them: a temporary code lives at most 2,592,000 s (30 days; always sent, the default when omitted is
 * 30 or 60 s depending on the page), a scene string is 1-64 characters, an account has at most 100,000 permanent
 * codes (45029 after that). Errors surface as WechatApiError with WeChat's errcode (48001 without permission set 3,
 * 45009 when today's 100,000 creations are spent).
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import { WechatHttpError } from '../api/errors.js';

export const MAX_QR_EXPIRE_SECONDS = 2_592_000;
export const MAX_QR_SCENE_LENGTH = 64;
export const MAX_PERMANENT_QR_CODES = 100_000;
/** WeChat's answer once the account holds 100,000 permanent codes. */
export const PERMANENT_QR_LIMIT_REACHED = 45029;

export type QrCodeRequest = { kind: 'temporary'; scene: string; expireSeconds: number } | { kind: 'permanent'; scene: string };

export interface CreatedQrCode {
  ticket: string;
  /** The content the image encodes (render it yourself, or fetch showqrcode). */
  url: string;
  /** Temporary codes only: the lifetime WeChat granted. */
  expireSeconds?: number;
}

export interface QrImage {
  bytes: Uint8Array;
  contentType: string;
}

export interface QrCodeApi {
  create(token: TokenSource, request: QrCodeRequest): Promise<CreatedQrCode>;
  image(ticket: string): Promise<QrImage>;
  /** Where WeChat serves the image of `ticket` (the ticket URL-encoded, as WeChat asks). */
  imageUrl(ticket: string): string;
}

type Json = Record<string, unknown>;

/** `api` speaks to api.weixin.qq.com, `mp` to mp.weixin.qq.com (the simulator serves both in tests). */
export function createQrCodeApi(api: WechatApiClient, mp: WechatApiClient, mpBase: string): QrCodeApi {
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html */
    async create(token, request) {
      const body =
        request.kind === 'temporary'
          ? { expire_seconds: request.expireSeconds, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: request.scene } } }
          : { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: request.scene } } };
      const r = await api.request<Json>({ method: 'POST', path: '/cgi-bin/qrcode/create', body, token });
      if (typeof r.ticket !== 'string' || typeof r.url !== 'string')
        throw new WechatHttpError('qrcode/create answered without ticket or url', '/cgi-bin/qrcode/create', 200);
      return { ticket: r.ticket, url: r.url, ...(typeof r.expire_seconds === 'number' && { expireSeconds: r.expire_seconds }) };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html (换取二维码) */
    async image(ticket) {
      const r = await mp.download({ method: 'GET', path: '/cgi-bin/showqrcode', query: { ticket } });
      if (r.kind !== 'binary') throw new WechatHttpError('showqrcode answered JSON instead of an image', '/cgi-bin/showqrcode', 200);
      return { bytes: r.bytes, contentType: r.contentType };
    },

    imageUrl(ticket) {
      return `${mpBase.replace(/\/+$/, '')}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
    },
  };
}

/**
 * Official Account APIs called on behalf of an authorizer (token = authorizer_access_token).
 * Errors surface as WechatApiError (e.g. 45015 window-closed, 43004, 48001) from the client.
 */
import { WechatHttpError } from '../api/errors.js';
import type { TokenSource, WechatApiClient, WechatDownload } from '../api/types.js';
import type { CustomMessage, MediaType, UploadedMedia, UserInfoLang, WechatUserInfo } from './types.js';

export interface OfficialAccountApi {
  sendCustomMessage(token: TokenSource, message: CustomMessage): Promise<void>;
  getUserInfo(token: TokenSource, openid: string, lang?: UserInfoLang): Promise<WechatUserInfo>;
  getMedia(token: TokenSource, mediaId: string): Promise<WechatDownload>;
  uploadMedia(token: TokenSource, type: MediaType, bytes: Uint8Array, filename: string, contentType: string): Promise<UploadedMedia>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function createOfficialAccountApi(client: WechatApiClient): OfficialAccountApi {
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html */
    async sendCustomMessage(token, message) {
      await client.request({ method: 'POST', path: '/cgi-bin/message/custom/send', body: message, token });
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html */
    async getUserInfo(token, openid, lang = 'zh_CN') {
      const u = await client.request<Json>({ method: 'GET', path: '/cgi-bin/user/info', query: { openid, lang }, token });
      const tagIds = Array.isArray(u.tagid_list) ? u.tagid_list.filter((t): t is number => typeof t === 'number') : [];
      const optional = {
        unionid: str(u.unionid),
        language: str(u.language),
        subscribeTime: num(u.subscribe_time),
        remark: str(u.remark),
        subscribeScene: str(u.subscribe_scene),
        qrScene: num(u.qr_scene),
        qrSceneStr: str(u.qr_scene_str),
      };
      return {
        subscribed: u.subscribe === 1,
        openid: str(u.openid) ?? openid,
        tagIds,
        ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<WechatUserInfo>),
      };
    },

    /**
     * Temporary media: the file bytes, or `{ kind: 'json', json: { video_url } }` for videos.
     * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
     */
    async getMedia(token, mediaId) {
      return client.download({ method: 'GET', path: '/cgi-bin/media/get', query: { media_id: mediaId }, token });
    },

    /**
     * Temporary media upload, multipart field `media`. Thumbs answer `thumb_media_id` instead of `media_id`.
     * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
     */
    async uploadMedia(token, type, bytes, filename, contentType) {
      const path = '/cgi-bin/media/upload';
      const form = new FormData();
      form.set('media', new Blob([bytes], { type: contentType }), filename);
      const r = await client.request<Json>({ method: 'POST', path, query: { type }, body: form, token });
      const mediaId = str(r.media_id) ?? str(r.thumb_media_id);
      if (!mediaId) throw new WechatHttpError(`WeChat API ${path} answered without media_id`, path);
      return { type, mediaId, createdAt: Number(r.created_at) || 0 };
    },
  };
}

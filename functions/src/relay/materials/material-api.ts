/**
 * WeChat's upload endpoints as one authorizer calls them (token = authorizer_access_token): temporary media,
 * permanent material (with a video's description), article images, the mass-send video, and permanent material's
 * count and deletion. Protocol only; the limits are checked before (check.ts).
 */
import { WechatHttpError, type TokenSource, type WechatApiClient } from '../../wechat/index.js';
import type { VideoDescription } from './check.js';
import type { WechatMediaType } from './purposes.js';

export interface FilePart {
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface MaterialCount {
  image: number;
  voice: number;
  video: number;
  news: number;
}

export interface MaterialApi {
  uploadTemporary(token: TokenSource, type: WechatMediaType, file: FilePart): Promise<{ mediaId: string; createdAt: number }>;
  addPermanent(token: TokenSource, type: WechatMediaType, file: FilePart, video?: VideoDescription): Promise<{ mediaId: string; url?: string }>;
  uploadArticleImage(token: TokenSource, file: FilePart): Promise<{ url: string }>;
  uploadMassVideo(token: TokenSource, mediaId: string, video: VideoDescription): Promise<{ mediaId: string; createdAt: number }>;
  deletePermanent(token: TokenSource, mediaId: string): Promise<void>;
  countPermanent(token: TokenSource): Promise<MaterialCount>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function form(file: FilePart): FormData {
  const data = new FormData();
  data.set('media', new Blob([file.bytes], { type: file.contentType }), file.name);
  return data;
}

function required(value: string | undefined, path: string, field: string): string {
  if (!value) throw new WechatHttpError(`WeChat API ${path} answered without ${field}`, path);
  return value;
}

export function createMaterialApi(client: WechatApiClient): MaterialApi {
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html */
    async uploadTemporary(token, type, file) {
      const path = '/cgi-bin/media/upload';
      const r = await client.request<Json>({ method: 'POST', path, query: { type }, body: form(file), token });
      return { mediaId: required(str(r.media_id) ?? str(r.thumb_media_id), path, 'media_id'), createdAt: Number(r.created_at) || 0 };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html */
    async addPermanent(token, type, file, video) {
      const path = '/cgi-bin/material/add_material';
      const body = form(file);
      if (type === 'video' && video) body.set('description', JSON.stringify({ title: video.title, introduction: video.introduction }));
      const r = await client.request<Json>({ method: 'POST', path, query: { type }, body, token });
      const url = str(r.url);
      return { mediaId: required(str(r.media_id), path, 'media_id'), ...(url && { url }) };
    },

    /** 上传图文消息内的图片获取URL: https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html */
    async uploadArticleImage(token, file) {
      const path = '/cgi-bin/media/uploadimg';
      const r = await client.request<Json>({ method: 'POST', path, body: form(file), token });
      return { url: required(str(r.url), path, 'url') };
    },

    /** The video of a mass send (mpvideo): https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html */
    async uploadMassVideo(token, mediaId, video) {
      const path = '/cgi-bin/media/uploadvideo';
      const r = await client.request<Json>({ method: 'POST', path, body: { media_id: mediaId, title: video.title, description: video.introduction }, token });
      return { mediaId: required(str(r.media_id), path, 'media_id'), createdAt: Number(r.created_at) || 0 };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html */
    async deletePermanent(token, mediaId) {
      await client.request<Json>({ method: 'POST', path: '/cgi-bin/material/del_material', body: { media_id: mediaId }, token });
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html */
    async countPermanent(token) {
      const r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/material/get_materialcount', token });
      const n = (v: unknown) => (typeof v === 'number' ? v : 0);
      return { image: n(r.image_count), voice: n(r.voice_count), video: n(r.video_count), news: n(r.news_count) };
    },
  };
}

/**
 * Temporary media: media/upload (multipart field `media`) and media/get (the bytes; for video a JSON with
 * video_url, as WeChat answers).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 */
import { WechatApiError } from '../errors.js';
import { boundaryOf, MultipartError, parseMultipart } from '../http/multipart.js';
import { looksLike, MEDIA_MAX_BYTES, sniffContentType, type MediaType } from '../state/media.js';
import type { ApiSpec } from './registry.js';

const MEDIA_TYPES = new Set<MediaType>(['image', 'voice', 'video', 'thumb']);

const CONTENT_TYPES: Readonly<Record<MediaType, string>> = { image: 'image/jpeg', voice: 'audio/amr', video: 'video/mp4', thumb: 'image/jpeg' };

export const mediaApis: ApiSpec[] = [
  {
    api: 'media/upload',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, query, body, contentType }) {
      const type = query.get('type') as MediaType | null;
      if (!type || !MEDIA_TYPES.has(type)) throw new WechatApiError(40004);
      const boundary = boundaryOf(contentType);
      if (!boundary) throw new WechatApiError(41005);
      let parts;
      try {
        parts = parseMultipart(body, boundary);
      } catch (error) {
        if (error instanceof MultipartError) throw new WechatApiError(41005);
        throw error;
      }
      const media = parts.find((p) => p.name === 'media');
      if (!media || media.data.length === 0) throw new WechatApiError(41005);
      if (media.data.length > MEDIA_MAX_BYTES[type]) throw new WechatApiError(40006);
      if (!looksLike(type, media.data)) throw new WechatApiError(40005);
      const filename = media.filename ?? `media.${type}`;
      const stored = sniffContentType(media.data) ?? CONTENT_TYPES[type];
      const item = state.media.put(account.appid, type, Buffer.from(media.data), stored, filename);
      const key = type === 'thumb' ? 'thumb_media_id' : 'media_id';
      return { type, [key]: item.mediaId, created_at: Math.floor(item.createdAt / 1000) };
    },
  },
  {
    api: 'media/get',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, query }) {
      const mediaId = query.get('media_id');
      const item = mediaId ? state.media.get(account.appid, mediaId) : undefined;
      if (!item) throw new WechatApiError(40007);
      if (item.type === 'video') return { video_url: `${state.publicUrl}/sim/media/${item.mediaId}` };
      return { kind: 'binary', bytes: item.bytes, contentType: item.contentType, filename: item.filename };
    },
  },
];

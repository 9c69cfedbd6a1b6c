/**
 * Temporary media: media/upload (multipart field `media`, the file name's extension kept: 40113 otherwise),
 * media/get (the bytes; for video a JSON with video_url, as WeChat answers), and media/uploadvideo (a temporary
 * video made into a mass send's mpvideo, with its title and description).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { WechatApiError } from '../errors.js';
import { MEDIA_MAX_BYTES, sniffContentType, type MediaType } from '../state/media.js';
import { formParts, mediaPart } from './media-form.js';
import type { ApiSpec } from './registry.js';

/** The extensions media/upload takes per type (image PNG/JPEG/JPG/GIF, voice AMR/MP3, video MP4, thumb JPG). */
export const TEMPORARY_EXTENSIONS: Readonly<Record<MediaType, readonly string[]>> = {
  image: ['png', 'jpeg', 'jpg', 'gif'],
  voice: ['amr', 'mp3'],
  video: ['mp4'],
  thumb: ['jpg', 'jpeg'],
};

const CONTENT_TYPES: Readonly<Record<MediaType, string>> = { image: 'image/jpeg', voice: 'audio/amr', video: 'video/mp4', thumb: 'image/jpeg' };

const isMediaType = (t: string | null): t is MediaType => t !== null && Object.prototype.hasOwnProperty.call(TEMPORARY_EXTENSIONS, t);

export const mediaApis: ApiSpec[] = [
  {
    api: 'media/upload',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, query, body, contentType }) {
      const type = query.get('type');
      if (!isMediaType(type)) throw new WechatApiError(40004);
      const { data, filename } = mediaPart(formParts(body, contentType), {
        type,
        extensions: TEMPORARY_EXTENSIONS[type],
        maxBytes: MEDIA_MAX_BYTES[type],
        sizeError: () => new WechatApiError(40006),
      });
      const stored = sniffContentType(data) ?? CONTENT_TYPES[type];
      const item = state.media.put(account.appid, type, Buffer.from(data), stored, filename);
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
  {
    // The mass send's video: a temporary video of this account, with a title and a description.
    api: 'media/uploadvideo',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, json }) {
      const body = json();
      const source = typeof body.media_id === 'string' ? state.media.get(account.appid, body.media_id) : undefined;
      if (!source || source.type !== 'video') throw new WechatApiError(40007);
      if (typeof body.title !== 'string' || typeof body.description !== 'string') throw new WechatApiError(47001);
      const item = state.media.put(account.appid, 'video', source.bytes, source.contentType, source.filename);
      return { type: 'video', media_id: item.mediaId, created_at: Math.floor(item.createdAt / 1000) };
    },
  },
];

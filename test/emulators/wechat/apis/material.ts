/**
 * Permanent material: add_material (multipart `media`, a video's `description` JSON {title, introduction}),
 * get_material, del_material, get_materialcount, batchget_material; and media/uploadimg (an image inside an article:
 * < 1 MB, jpg/png, answers a URL and no media id). Limits and codes as WeChat answers them, the count ceilings
 * too (100,000 images and covers, 1,000 voices, 1,000 videos: 45034 past them; article images are not counted).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Getting_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_materials_list.html
 */
import { WechatApiError } from '../errors.js';
import { countBucket, materialsOf, PERMANENT_CEILINGS } from '../state/material.js';
import { MEDIA_MAX_BYTES, sniffContentType, type MediaType } from '../state/media.js';
import { formParts, mediaPart, mediaSizeOutOfLimit } from './media-form.js';
import { OK, type ApiSpec } from './registry.js';

/** add_material's extensions (image bmp/png/jpeg/jpg/gif, voice mp3/wma/wav/amr, video mp4, thumb jpg). */
export const PERMANENT_EXTENSIONS: Readonly<Record<MediaType, readonly string[]>> = {
  image: ['bmp', 'png', 'jpeg', 'jpg', 'gif'],
  voice: ['mp3', 'wma', 'wav', 'amr'],
  video: ['mp4'],
  thumb: ['jpg', 'jpeg'],
};

/** media/uploadimg: "below 1 MB", jpg or png. */
export const ARTICLE_IMAGE_MAX_BYTES = 1024 * 1024 - 1;

const isMediaType = (t: unknown): t is MediaType => typeof t === 'string' && Object.prototype.hasOwnProperty.call(PERMANENT_EXTENSIONS, t);

function videoDescription(text: string | undefined): { title: string; introduction: string } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new WechatApiError(47001);
  }
  const d = value as { title?: unknown; introduction?: unknown } | null;
  if (!d || typeof d.title !== 'string' || d.title === '' || typeof d.introduction !== 'string') throw new WechatApiError(47001);
  return { title: d.title, introduction: d.introduction };
}

export const materialApis: ApiSpec[] = [
  {
    api: 'material/add_material',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, query, body, contentType }) {
      const type = query.get('type');
      if (!isMediaType(type)) throw new WechatApiError(40004);
      const parts = formParts(body, contentType);
      const { data, filename } = mediaPart(parts, {
        type,
        extensions: PERMANENT_EXTENSIONS[type],
        maxBytes: MEDIA_MAX_BYTES[type],
        sizeError: mediaSizeOutOfLimit,
      });
      const video = type === 'video' ? videoDescription(parts.find((p) => p.name === 'description')?.data.toString('utf8')) : undefined;
      const store = materialsOf(state);
      // The file is checked first; a full account then refuses it whole (nothing is kept).
      if (store.bucketCount(account.appid, type) >= PERMANENT_CEILINGS[countBucket(type)]) throw new WechatApiError(45034);
      const item = store.add(account.appid, {
        type,
        bytes: Buffer.from(data),
        contentType: sniffContentType(data) ?? 'application/octet-stream',
        filename,
        ...video,
      });
      return { media_id: item.mediaId, ...(item.url && { url: item.url }) };
    },
  },
  {
    api: 'media/uploadimg',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, body, contentType }) {
      const { data } = mediaPart(formParts(body, contentType), {
        type: 'image',
        extensions: ['jpg', 'jpeg', 'png'],
        maxBytes: ARTICLE_IMAGE_MAX_BYTES,
        sizeError: mediaSizeOutOfLimit,
      });
      const type = sniffContentType(data);
      if (type !== 'image/jpeg' && type !== 'image/png') throw new WechatApiError(40005);
      return { url: materialsOf(state).addArticleImage(account.appid, Buffer.from(data), type).url };
    },
  },
  {
    api: 'material/get_material',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, json }) {
      const mediaId = json().media_id;
      const item = typeof mediaId === 'string' ? materialsOf(state).get(account.appid, mediaId) : undefined;
      if (!item) throw new WechatApiError(40007);
      if (item.type === 'video') return { title: item.title, description: item.introduction, down_url: `${state.publicUrl}/sim/material/${item.mediaId}` };
      return { kind: 'binary', bytes: item.bytes, contentType: item.contentType, filename: item.filename };
    },
  },
  {
    api: 'material/del_material',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, json }) {
      const mediaId = json().media_id;
      if (typeof mediaId !== 'string' || !materialsOf(state).delete(account.appid, mediaId)) throw new WechatApiError(40007);
      return { ...OK };
    },
  },
  {
    api: 'material/get_materialcount',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account }) {
      const store = materialsOf(state);
      // Articles are drafts and published articles now (draft/*); permanent news material is no longer added.
      return {
        voice_count: store.bucketCount(account.appid, 'voice'),
        video_count: store.bucketCount(account.appid, 'video'),
        image_count: store.bucketCount(account.appid, 'image'),
        news_count: 0,
      };
    },
  },
  {
    api: 'material/batchget_material',
    auth: 'authorizer',
    scope: 11,
    handle({ state, account, json }) {
      const { type, offset, count } = json();
      if (type !== 'news' && (!isMediaType(type) || type === 'thumb')) throw new WechatApiError(40004);
      const at = typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : 0;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 20) throw new WechatApiError(47001);
      const all = type === 'news' ? [] : materialsOf(state).list(account.appid, type);
      const page = all.slice(at, at + count);
      return {
        total_count: all.length,
        item_count: page.length,
        item: page.map((i) => ({ media_id: i.mediaId, name: i.filename, update_time: Math.floor(i.updatedAt / 1000), ...(i.url && { url: i.url }) })),
      };
    },
  },
];

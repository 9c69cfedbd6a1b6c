/**
 * What each upload purpose means at WeChat: the endpoint, the `type` it sends, the size limit, the file name
 * extensions and the formats WeChat takes. Pure data, one place, so the endpoint is picked by purpose and never by
 * the caller (wechat-marketing.md §10, §11.7: 40007/40113/41005 come from the wrong endpoint, name or kind).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */

export type UploadPurpose =
  | 'temporary-image'
  | 'temporary-voice'
  | 'temporary-video'
  | 'temporary-thumb'
  | 'permanent-image'
  | 'permanent-voice'
  | 'permanent-video'
  | 'thumb'
  | 'article-image';

/** WeChat's media `type` of media/upload and material/add_material. */
export type WechatMediaType = 'image' | 'voice' | 'video' | 'thumb';

/** A file format recognised from its first bytes. */
export type FileFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'amr' | 'mp3' | 'mp4';

export type Endpoint = 'media/upload' | 'material/add_material' | 'media/uploadimg';

export interface PurposeRule {
  endpoint: Endpoint;
  /** The `type` query parameter (media/uploadimg has none). */
  type?: WechatMediaType;
  /** The largest file WeChat takes, in bytes (inclusive). */
  maxBytes: number;
  /** The limit as people say it, for the reason text. */
  maxLabel: string;
  /** Lower-case extensions without the dot, and the format each must really be. */
  extensions: Readonly<Record<string, FileFormat>>;
  /** Voice: the longest playback WeChat takes. */
  maxSeconds?: number;
  /** Permanent video: a title and a description are required. */
  needsDescription?: boolean;
  /** Temporary media lives 3 days. */
  temporary: boolean;
}

const MB = 1024 * 1024;
const JPEG = { jpg: 'jpeg', jpeg: 'jpeg' } as const;
const VOICE = { amr: 'amr', mp3: 'mp3' } as const;
const VIDEO = { mp4: 'mp4' } as const;

export const TEMPORARY_MEDIA_MS = 3 * 24 * 3600 * 1000;

export const PURPOSES: Readonly<Record<UploadPurpose, PurposeRule>> = {
  'temporary-image': {
    endpoint: 'media/upload',
    type: 'image',
    maxBytes: 10 * MB,
    maxLabel: '10 MB',
    extensions: { ...JPEG, png: 'png', gif: 'gif' },
    temporary: true,
  },
  'temporary-voice': { endpoint: 'media/upload', type: 'voice', maxBytes: 2 * MB, maxLabel: '2 MB', extensions: VOICE, maxSeconds: 60, temporary: true },
  'temporary-video': { endpoint: 'media/upload', type: 'video', maxBytes: 10 * MB, maxLabel: '10 MB', extensions: VIDEO, temporary: true },
  'temporary-thumb': { endpoint: 'media/upload', type: 'thumb', maxBytes: 64 * 1024, maxLabel: '64 KB', extensions: JPEG, temporary: true },
  'permanent-image': {
    endpoint: 'material/add_material',
    type: 'image',
    maxBytes: 10 * MB,
    maxLabel: '10 MB',
    extensions: { ...JPEG, png: 'png', gif: 'gif', bmp: 'bmp' },
    temporary: false,
  },
  'permanent-voice': {
    endpoint: 'material/add_material',
    type: 'voice',
    maxBytes: 2 * MB,
    maxLabel: '2 MB',
    extensions: VOICE,
    maxSeconds: 60,
    temporary: false,
  },
  'permanent-video': {
    endpoint: 'material/add_material',
    type: 'video',
    maxBytes: 10 * MB,
    maxLabel: '10 MB',
    extensions: VIDEO,
    needsDescription: true,
    temporary: false,
  },
  // An article's cover must be permanent: a temporary thumb in a permanent article is refused (40007).
  thumb: { endpoint: 'material/add_material', type: 'thumb', maxBytes: 64 * 1024, maxLabel: '64 KB', extensions: JPEG, temporary: false },
  // "Below 1 MB": 1 MB itself is refused.
  'article-image': { endpoint: 'media/uploadimg', maxBytes: MB - 1, maxLabel: '1 MB', extensions: { ...JPEG, png: 'png' }, temporary: false },
};

export const isUploadPurpose = (value: string): value is UploadPurpose => Object.prototype.hasOwnProperty.call(PURPOSES, value);

/** The file name's extension, lower case, without the dot; undefined when there is none. */
export function extensionOf(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/** The format of a file from its first bytes, or undefined when it is none WeChat takes. */
export function formatOf(bytes: Uint8Array): FileFormat | undefined {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x42, 0x4d)) return 'bmp';
  if (starts(0x23, 0x21, 0x41, 0x4d, 0x52)) return 'amr';
  if (starts(0x49, 0x44, 0x33) || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (bytes.length > 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return 'mp4';
  return undefined;
}

/** The content type a format is sent with. */
export const CONTENT_TYPES: Readonly<Record<FileFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

/**
 * The file of an upload as WeChat reads it: the multipart field `media` (41005 without it), its file name's
 * extension among those the endpoint takes (40113), bytes that look like the type (40005), the size (the code the
 * endpoint answers), and an AMR voice's 60 seconds (45007).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { WechatApiError } from '../errors.js';
import { boundaryOf, MultipartError, parseMultipart, type FormPart } from '../http/multipart.js';
import { looksLike, type MediaType } from '../state/media.js';

export const unsupportedFileType = () => new WechatApiError(40113, 'unsupported file type');
export const voiceTooLong = () => new WechatApiError(45007, 'playtime out of limit');
export const mediaSizeOutOfLimit = () => new WechatApiError(45001, 'media size out of limit');

/** Every part of a multipart/form-data body (41005 when the body is none). */
export function formParts(body: Buffer, contentType: string | undefined): FormPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new WechatApiError(41005);
  try {
    return parseMultipart(body, boundary);
  } catch (error) {
    if (error instanceof MultipartError) throw new WechatApiError(41005);
    throw error;
  }
}

export interface MediaRules {
  type: MediaType;
  extensions: readonly string[];
  maxBytes: number;
  /** What WeChat answers over the size: 40006 (media/upload) or 45001 (permanent material, uploadimg). */
  sizeError: () => WechatApiError;
}

/** The checked `media` part and its file name. */
export function mediaPart(parts: FormPart[], rules: MediaRules): { data: Buffer; filename: string } {
  const media = parts.find((p) => p.name === 'media');
  if (!media || media.data.length === 0) throw new WechatApiError(41005);
  const filename = media.filename ?? '';
  const dot = filename.lastIndexOf('.');
  const extension = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  if (!rules.extensions.includes(extension)) throw unsupportedFileType();
  if (media.data.length > rules.maxBytes) throw rules.sizeError();
  if (!looksLike(rules.type, media.data)) throw new WechatApiError(40005);
  if (rules.type === 'voice' && (amrSeconds(media.data) ?? 0) > 60) throw voiceTooLong();
  return { data: media.data, filename };
}

// Bytes after the header byte per AMR-NB frame type (RFC 4867 §5); 20 ms a frame.
const AMR_NB = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];

/** Playback seconds of an AMR-NB file, undefined for other formats. */
export function amrSeconds(bytes: Buffer): number | undefined {
  if (bytes.subarray(0, 6).toString('latin1') !== '#!AMR\n') return undefined;
  let at = 6;
  let frames = 0;
  while (at < bytes.length) {
    at += 1 + (AMR_NB[((bytes[at] as number) >> 3) & 0x0f] as number);
    frames += 1;
  }
  return frames * 0.02;
}

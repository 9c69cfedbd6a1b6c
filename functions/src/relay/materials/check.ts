/**
 * WeChat's limits on an upload, checked before WeChat is called: a file, a name with the extension the purpose takes
 * (40113 otherwise), bytes of that format (40005), the size (40006 / 45001), a voice's 60 seconds (45007), a
 * permanent video's title and description. Pure.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html (uploadimg)
 */
import { voiceSeconds } from './duration.js';
import { extensionOf, formatOf, PURPOSES, type FileFormat, type UploadPurpose } from './purposes.js';

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  contentType?: string;
}

export interface VideoDescription {
  title: string;
  introduction: string;
}

export type UploadRefusal =
  | { code: 'empty' }
  | { code: 'no-extension'; name: string; allowed: string[] }
  | { code: 'extension'; extension: string; allowed: string[] }
  | { code: 'format'; extension: string; found?: FileFormat }
  | { code: 'too-large'; bytes: number; limit: string }
  | { code: 'too-long'; seconds: number; max: number }
  | { code: 'unreadable-voice' }
  | { code: 'video-description' }
  /** The account holds WeChat's ceiling of this type of permanent material (counts.ts). */
  | { code: 'full'; type: 'image' | 'voice' | 'video'; count: number; ceiling: number };

/** What the upload passed: the format its bytes are, so the caller can name the content type. */
export interface CheckedUpload {
  format: FileFormat;
  extension: string;
}

export function checkUpload(file: UploadFile, purpose: UploadPurpose, video?: VideoDescription): UploadRefusal | CheckedUpload {
  const rule = PURPOSES[purpose];
  if (file.bytes.length === 0) return { code: 'empty' };
  const allowed = Object.keys(rule.extensions);
  const extension = extensionOf(file.name);
  if (!extension) return { code: 'no-extension', name: file.name, allowed };
  const expected = rule.extensions[extension];
  if (!expected) return { code: 'extension', extension, allowed };
  const found = formatOf(file.bytes);
  // A JPEG named .png is still an image WeChat takes for an image purpose; a thumb must really be a JPEG.
  const takes = (f: FileFormat | undefined) => f !== undefined && Object.values(rule.extensions).includes(f);
  if (!takes(found)) return { code: 'format', extension, ...(found && { found }) };
  if (file.bytes.length > rule.maxBytes) return { code: 'too-large', bytes: file.bytes.length, limit: rule.maxLabel };
  if (rule.maxSeconds !== undefined && (found === 'amr' || found === 'mp3')) {
    const seconds = voiceSeconds(file.bytes, found);
    if (seconds === undefined) return { code: 'unreadable-voice' };
    if (seconds > rule.maxSeconds) return { code: 'too-long', seconds: Math.round(seconds * 10) / 10, max: rule.maxSeconds };
  }
  if (rule.needsDescription && (!video?.title.trim() || !video.introduction.trim())) return { code: 'video-description' };
  return { format: found as FileFormat, extension };
}

export const isUploadRefusal = (r: UploadRefusal | CheckedUpload): r is UploadRefusal => 'code' in r;

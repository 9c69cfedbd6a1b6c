/**
 * Temporary media (临时素材): uploaded by the relay or sent by followers, downloadable with media/get for 3 days.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { SimClock } from '../types.js';

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export const MEDIA_TTL_MS = 3 * 24 * 3600 * 1000;

/** Upload limits from the temporary-media page (image 10 MB, voice 2 MB, video 10 MB, thumb 64 KB). */
export const MEDIA_MAX_BYTES: Readonly<Record<MediaType, number>> = {
  image: 10 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 10 * 1024 * 1024,
  thumb: 64 * 1024,
};

export interface MediaItem {
  mediaId: string;
  type: MediaType;
  owner: string;
  bytes: Buffer;
  contentType: string;
  filename: string;
  createdAt: number;
}

export class MediaStore {
  private readonly items = new Map<string, MediaItem>();

  constructor(private readonly clock: SimClock) {}

  put(owner: string, type: MediaType, bytes: Buffer, contentType: string, filename: string): MediaItem {
    const item: MediaItem = {
      mediaId: randomBytes(48).toString('base64url'),
      type,
      owner,
      bytes,
      contentType,
      filename,
      createdAt: this.clock.now(),
    };
    this.items.set(item.mediaId, item);
    return item;
  }

  /** The item if the owner may read it and it has not expired. */
  get(owner: string | undefined, mediaId: string): MediaItem | undefined {
    const item = this.items.get(mediaId);
    if (!item || (owner !== undefined && item.owner !== owner)) return undefined;
    return this.clock.now() - item.createdAt < MEDIA_TTL_MS ? item : undefined;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

/** A real, valid PNG of one colour (the picture a follower "sends"). */
export function tinyPng(width = 4, height = 4, rgb: [number, number, number] = [7, 193, 96]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Bytes that start like an AMR voice note ("#!AMR\n"), with silent frames. */
export function fakeAmr(frames = 50): Buffer {
  return Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), Buffer.alloc(frames * 13, 0x7c)]);
}

/** Bytes that start like an MP4 file (an ftyp box) followed by filler. */
export function fakeMp4(): Buffer {
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42', 'ascii'), 0, 0, 0, 0, ...Buffer.from('mp42isom', 'ascii')]);
  return Buffer.concat([ftyp, Buffer.alloc(1024, 0)]);
}

/** The content type WeChat answers media/get with, from the file's first bytes. */
export function sniffContentType(bytes: Buffer): string | undefined {
  const starts = (magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46])) return 'image/gif';
  if (starts([0x23, 0x21, 0x41, 0x4d, 0x52])) return 'audio/amr';
  if (bytes.length > 8 && bytes.subarray(4, 8).toString('ascii') === 'ftyp') return 'video/mp4';
  return undefined;
}

/** Does the upload look like the declared type? WeChat rejects e.g. a text file uploaded as an image (40005). */
export function looksLike(type: MediaType, bytes: Buffer): boolean {
  const starts = (magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);
  if (type === 'image') return starts([0x89, 0x50, 0x4e, 0x47]) || starts([0xff, 0xd8, 0xff]) || starts([0x47, 0x49, 0x46]) || starts([0x42, 0x4d]);
  if (type === 'thumb') return starts([0xff, 0xd8, 0xff]) || starts([0x89, 0x50, 0x4e, 0x47]);
  if (type === 'voice') return starts([0x23, 0x21, 0x41, 0x4d, 0x52]) || starts([0x49, 0x44, 0x33]) || starts([0xff, 0xfb]);
  return bytes.length > 8 && bytes.subarray(4, 8).toString('ascii') === 'ftyp';
}

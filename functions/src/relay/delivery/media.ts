/**
 * Media of inbound messages: WeChat keeps it for 3 days only, so the worker downloads it before writing the
 * message and stores each file as a note (annotation) regarding the message row, the place the solution chose
 * for media (solution/src/tables/wxm_message.ts, `hasNotes`). The note binds to the message by its alternate key,
 * so it can travel in the same change set as the message.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 * https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-data
 */
import type { Row } from '../../dataverse/types.js';
import type { InboundMessage } from '../../wechat/index.js';
import { MediaUnavailable } from './errors.js';
import { bind, messageRef } from './keys.js';
import { Note, NoteRegardingMessage } from './platform-tables.js';
import type { MediaFile, WechatMediaSource } from '../ports/delivery.js';
import { cut } from './text-fit.js';

/** Dataverse's default maximum attachment size (Settings → Email → 5,120 KB); larger files are not attached. */
export const DEFAULT_MAX_NOTE_BYTES = 5 * 1024 * 1024;

export interface MediaRef {
  mediaId: string;
  /** What the note's subject calls it, e.g. "image", "video thumbnail". */
  label: string;
}

export type MediaAttachment = MediaRef & ({ file: MediaFile } | { missing: string });

/** The media a message carries: images, voice, videos and short videos with their thumbnails. */
export function mediaOf(msg: InboundMessage): MediaRef[] {
  switch (msg.kind) {
    case 'image':
    case 'voice':
      return present([{ mediaId: msg.mediaId, label: msg.kind }]);
    case 'video':
    case 'shortvideo':
      return present([
        { mediaId: msg.mediaId, label: msg.kind },
        { mediaId: msg.thumbMediaId, label: `${msg.kind} thumbnail` },
      ]);
    default:
      return [];
  }
}

const present = (refs: MediaRef[]) => refs.filter((r) => r.mediaId !== '');

/**
 * Downloads every file of the message. A file WeChat refuses for good is recorded as missing (the message is
 * still stored); any other failure is thrown, so the queue retries while WeChat still has the file.
 */
export async function downloadMedia(appid: string, refs: readonly MediaRef[], source: WechatMediaSource): Promise<MediaAttachment[]> {
  return Promise.all(
    refs.map(async (ref): Promise<MediaAttachment> => {
      try {
        return { ...ref, file: await source.download(appid, ref.mediaId) };
      } catch (err) {
        if (err instanceof MediaUnavailable) return { ...ref, missing: err.reason };
        throw err;
      }
    }),
  );
}

/** One note per attachment, regarding the message (bound by its alternate key). */
export function noteRows(accountId: string, wechatMsgId: string, attachments: readonly MediaAttachment[], maxNoteBytes: number): Row[] {
  return attachments.map((a) => {
    const base: Row = {
      [Note.columns.Subject]: cut(`WeChat ${a.label}`, Note.maxLength.subject),
      [bind(NoteRegardingMessage)]: messageRef(accountId, wechatMsgId),
    };
    if ('missing' in a) {
      return { ...base, [Note.columns.NoteText]: cut(`WeChat did not provide the file (media id ${a.mediaId}): ${a.missing}`, Note.maxLength.notetext) };
    }
    if (a.file.bytes.byteLength > maxNoteBytes) {
      return {
        ...base,
        [Note.columns.NoteText]:
          `The file (${a.file.bytes.byteLength} bytes, ${a.file.contentType}) is larger than the ${maxNoteBytes} bytes a note may hold here, so it was not attached (media id ${a.mediaId}; WeChat keeps it for 3 days).`,
      };
    }
    return {
      ...base,
      [Note.columns.FileName]: cut(a.file.filename || a.mediaId, 255),
      [Note.columns.MimeType]: a.file.contentType,
      [Note.columns.DocumentBody]: Buffer.from(a.file.bytes).toString('base64'),
    };
  });
}

/**
 * WeChat's mass-send rules the relay checks before it calls WeChat (wechat-marketing.md §4): a service account's
 * follower receives at most 4 mass messages a calendar month (Beijing time), a subscription account sends once a
 * day, an account makes 100 mass-send calls a day and 60 a minute, openid lists go 10,000 at a time, text is at most
 * 2,048 bytes. Pure: no I/O.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { BroadcastContent } from '@wxm/solution/schema';
import type { MassContent } from '../../wechat/official-account/mass.js';
import { MASS_OPENIDS_MAX } from '../../wechat/official-account/mass.js';

export const MONTHLY_MASS_PER_FOLLOWER = 4;
export const DAILY_MASS_CALLS = 100;
export const MASS_CALLS_PER_MINUTE = 60;
export const CHUNK_SIZE = MASS_OPENIDS_MAX;
export const MAX_TEXT_BYTES = 2048;
/** An administrator has 30 minutes to confirm a send held by "API 群发保护". */
export const CONFIRM_WINDOW_MS = 30 * 60_000;
/** "Send on" this far in the past is a mistake, not "now". */
export const PAST_SCHEDULE_GRACE_MS = 5 * 60_000;

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** yyyy-mm of `ms` in Beijing time (WeChat's months and days). */
export function beijingMonth(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

/** The start (epoch ms) of the Beijing day of `ms`. */
export function beijingDayStart(ms: number): number {
  const shifted = ms + BEIJING_OFFSET_MS;
  return shifted - (shifted % 86_400_000) - BEIJING_OFFSET_MS;
}

/** Mass messages a follower got this month, from wxm_massmonth / wxm_masscount. */
export function massThisMonth(month: unknown, count: unknown, now: number): number {
  return month === beijingMonth(now) && typeof count === 'number' && count > 0 ? count : 0;
}

/**
 * clientmsgid of one call: the broadcast row's id and the chunk, so a retry of the same chunk is the same id (45065
 * answers the first send) and no later send ever reuses it. 36 + 6 bytes, within WeChat's 64.
 */
export function clientMsgId(broadcastId: string, chunk: number): string {
  return `${broadcastId.toLowerCase()}-c${chunk}`;
}

export function chunksOf<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type ContentRefusal = { code: 'empty-text' } | { code: 'text-too-long'; bytes: number } | { code: 'no-media' } | { code: 'no-article' };

/** What the row's content sends, or why it cannot (the article is made by draft/add first: `articleMediaId`). */
export function massContentOf(row: {
  contentType: number | undefined;
  content: string;
  mediaId: string;
  articleMediaId: string;
}): MassContent | ContentRefusal {
  switch (row.contentType ?? BroadcastContent.Text) {
    case BroadcastContent.Text: {
      if (row.content.trim() === '') return { code: 'empty-text' };
      const bytes = Buffer.byteLength(row.content);
      return bytes > MAX_TEXT_BYTES ? { code: 'text-too-long', bytes } : { type: 'text', content: row.content };
    }
    case BroadcastContent.Image:
      return row.mediaId ? { type: 'image', mediaId: row.mediaId } : { code: 'no-media' };
    case BroadcastContent.Voice:
      return row.mediaId ? { type: 'voice', mediaId: row.mediaId } : { code: 'no-media' };
    case BroadcastContent.Video:
      return row.mediaId ? { type: 'mpvideo', mediaId: row.mediaId } : { code: 'no-media' };
    case BroadcastContent.Article:
      return row.articleMediaId ? { type: 'mpnews', mediaId: row.articleMediaId } : { code: 'no-article' };
    default:
      return { code: 'empty-text' };
  }
}

export const isContentRefusal = (c: MassContent | ContentRefusal): c is ContentRefusal => 'code' in c;

/**
 * A wxm_message row as the conversation shows it. Column names and option values come from the solution's
 * generated schema (solution/generated/schema.ts), the same module the relay writes with.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import { DeliveryStatus, Direction, Message, MessageType } from '../../../../solution/generated/schema';

const C = Message.columns;

export type MessageKind =
  'text' | 'image' | 'voice' | 'video' | 'shortvideo' | 'location' | 'link' | 'event' | 'news' | 'music' | 'miniprogram' | 'template' | 'unknown';

export type DeliveryState = 'received' | 'pending' | 'sending' | 'sent' | 'failed';

export interface ChatMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: MessageKind;
  content: string;
  title: string;
  mediaUrl: string;
  event: string;
  eventKey: string;
  latitude?: number;
  longitude?: number;
  /** When it was said (WeChat's CreateTime for inbound rows, the row's creation for replies), epoch ms. */
  at: number;
  /** Row creation, epoch ms: the order the conversation is paged in. */
  createdOn: number;
  modifiedOn: number;
  status: DeliveryState;
  errorCode?: number;
  errorDetail: string;
  /** A passive reply the relay answered with an auto-reply rule (not a customer-service message). */
  automatic?: boolean;
}

/** The columns the conversation reads; nothing else is fetched (raw XML stays on the server). */
export const MESSAGE_COLUMNS = [
  C.Id,
  C.Direction,
  C.MessageType,
  C.Content,
  C.Title,
  C.MediaUrl,
  C.Event,
  C.EventKey,
  C.Latitude,
  C.Longitude,
  C.WeChatCreatedOn,
  C.DeliveryStatus,
  C.ErrorCode,
  C.ErrorDetail,
  C.Automatic,
  C.CreatedOn,
  C.ModifiedOn,
] as const;

const KIND_BY_TYPE: Record<number, MessageKind> = {
  [MessageType.Text]: 'text',
  [MessageType.Image]: 'image',
  [MessageType.Voice]: 'voice',
  [MessageType.Video]: 'video',
  [MessageType.ShortVideo]: 'shortvideo',
  [MessageType.Location]: 'location',
  [MessageType.Link]: 'link',
  [MessageType.Event]: 'event',
  [MessageType.News]: 'news',
  [MessageType.Music]: 'music',
  [MessageType.MiniProgramPage]: 'miniprogram',
  [MessageType.Template]: 'template',
};

const STATE_BY_STATUS: Record<number, DeliveryState> = {
  [DeliveryStatus.Received]: 'received',
  [DeliveryStatus.Pending]: 'pending',
  [DeliveryStatus.Sending]: 'sending',
  [DeliveryStatus.Sent]: 'sent',
  [DeliveryStatus.Failed]: 'failed',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const time = (value: unknown): number | undefined => {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Maps one Web API row; a row without an id or creation time is not a message (thrown, never shown half). */
export function toChatMessage(row: Record<string, unknown>): ChatMessage {
  const id = text(row[C.Id]);
  const createdOn = time(row[C.CreatedOn]);
  if (!id || createdOn === undefined) throw new TypeError('a wxm_message row needs wxm_messageid and createdon');
  const direction = row[C.Direction] === Direction.Outbound ? 'outbound' : 'inbound';
  const status = STATE_BY_STATUS[num(row[C.DeliveryStatus]) ?? -1] ?? (direction === 'outbound' ? 'pending' : 'received');
  return {
    id: id.toLowerCase(),
    direction,
    kind: KIND_BY_TYPE[num(row[C.MessageType]) ?? -1] ?? 'unknown',
    content: text(row[C.Content]),
    title: text(row[C.Title]),
    mediaUrl: text(row[C.MediaUrl]),
    event: text(row[C.Event]),
    eventKey: text(row[C.EventKey]),
    latitude: num(row[C.Latitude]),
    longitude: num(row[C.Longitude]),
    at: (direction === 'inbound' ? time(row[C.WeChatCreatedOn]) : undefined) ?? createdOn,
    createdOn,
    modifiedOn: time(row[C.ModifiedOn]) ?? createdOn,
    status,
    errorCode: num(row[C.ErrorCode]),
    errorDetail: text(row[C.ErrorDetail]),
    ...(row[C.Automatic] === true && { automatic: true }),
  };
}

/** Conversation order: creation time, then id (rows created in the same second keep one stable order). */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  return a.createdOn - b.createdOn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The relay writes a failure reason in both languages, Chinese line first (functions/src/relay/outbound/failure-reasons.ts).
 * Show the operator the line in their language, or everything when the text has no such split.
 */
export function reasonInLanguage(detail: string, languageId: number): string {
  const lines = detail
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const chinese = lines.filter((l) => /[\u3400-\u9fff]/.test(l));
  const other = lines.filter((l) => !/[\u3400-\u9fff]/.test(l));
  if (chinese.length === 0 || other.length === 0) return lines.join(' ');
  return (languageId === 2052 ? chinese : other).join(' ');
}

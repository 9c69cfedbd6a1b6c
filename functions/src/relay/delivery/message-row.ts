/**
 * An inbound WeChat message or event → the `wxm_message` row that records it. Pure mapping; every column name
 * comes from solution/generated/schema.ts. Texts are cut to their column (the raw XML column keeps everything).
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { DeliveryStatus, Direction, Message, MessageType, MessageTypeByExternalValue, TableNames } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import type { InboundMessage } from '../../wechat/index.js';
import { accountRef, bind, followerRef } from './keys.js';
import { cut, decimal, fit, wechatTime } from './text-fit.js';

const C = Message.columns;
const T = TableNames.Message;

export interface MessageRowInput {
  msg: InboundMessage;
  accountId: string;
  wechatMsgId: string;
  /** CreateTime in epoch seconds (see `createTimeOf`). */
  createdAt: number;
  /** The follower the row belongs to; absent for account-level events (MASSSENDJOBFINISH). */
  followerOpenid?: string;
}

export function inboundMessageRow(input: MessageRowInput): Row {
  const { msg } = input;
  const row: Row = {
    [C.Direction]: Direction.Inbound,
    [C.MessageType]: messageTypeOf(msg),
    [C.WeChatMsgId]: input.wechatMsgId,
    [C.WeChatCreatedOn]: wechatTime(input.createdAt),
    [C.DeliveryStatus]: DeliveryStatus.Received,
    [C.RawXml]: fit(T, C.RawXml, msg.raw),
    [bind(Message.navigation.OfficialAccountId)]: accountRef(input.accountId),
    ...(input.followerOpenid !== undefined && { [bind(Message.navigation.FollowerId)]: followerRef(input.accountId, input.followerOpenid) }),
    ...specificColumns(msg),
  };
  row[C.Name] = fit(T, C.Name, nameOf(msg, row[C.Content]));
  return row;
}

/** MessageType option of a message; unknown MsgTypes are Unknown (the row keeps their raw XML). */
export function messageTypeOf(msg: InboundMessage): MessageType {
  return MessageTypeByExternalValue[msg.msgType.toLowerCase()] ?? MessageType.Unknown;
}

/** Columns that depend on the kind of message. Empty values are left out rather than written as ''. */
function specificColumns(msg: InboundMessage): Row {
  switch (msg.kind) {
    case 'text':
      return text({ [C.Content]: msg.content });
    case 'image':
      return text({ [C.MediaId]: msg.mediaId, [C.MediaUrl]: msg.picUrl });
    case 'voice':
      return text({ [C.MediaId]: msg.mediaId, [C.Content]: msg.recognition });
    case 'video':
    case 'shortvideo':
      return text({ [C.MediaId]: msg.mediaId, [C.ThumbMediaId]: msg.thumbMediaId });
    case 'location':
      return { ...coordinates(msg.locationX, msg.locationY), ...text({ [C.Content]: msg.label }) };
    case 'link':
      return text({ [C.Title]: msg.title, [C.Content]: lines(msg.title, msg.description, msg.url), [C.MediaUrl]: msg.url });
    case 'miniprogrampage':
      return text({ [C.Title]: msg.title, [C.Content]: msg.pagePath, [C.MediaUrl]: msg.thumbUrl, [C.ThumbMediaId]: msg.thumbMediaId });
    case 'event':
      return { ...text({ [C.Event]: msg.event }), ...eventColumns(msg) };
    case 'unknown':
      return text({ [C.Event]: msg.event, [C.EventKey]: msg.eventKey, [C.Content]: msg.fields['Content'] });
  }
}

function eventColumns(msg: Extract<InboundMessage, { kind: 'event' }>): Row {
  switch (msg.event) {
    case 'subscribe':
      return text({ [C.EventKey]: msg.eventKey });
    case 'unsubscribe':
      return {};
    case 'SCAN':
    case 'CLICK':
    case 'VIEW':
      return text({ [C.EventKey]: msg.eventKey });
    case 'LOCATION':
      return coordinates(msg.latitude, msg.longitude);
    case 'TEMPLATESENDJOBFINISH':
      // The job's MsgID goes in the event key so the outbound template row it reports on can be found.
      return text({ [C.EventKey]: msg.msgId, [C.Content]: msg.status });
    case 'MASSSENDJOBFINISH':
      return text({
        [C.EventKey]: msg.msgId,
        [C.Content]: lines(
          msg.status,
          `TotalCount ${msg.totalCount}, FilterCount ${msg.filterCount}, SentCount ${msg.sentCount}, ErrorCount ${msg.errorCount}`,
        ),
      });
  }
}

function coordinates(latitude: string, longitude: string): Row {
  const lat = decimal(T, C.Latitude, latitude);
  const lon = decimal(T, C.Longitude, longitude);
  return { ...(lat !== undefined && { [C.Latitude]: lat }), ...(lon !== undefined && { [C.Longitude]: lon }) };
}

/** Keeps the non-empty string values, each cut to its column. */
function text(values: Record<string, string | undefined>): Row {
  const row: Row = {};
  for (const [column, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') row[column] = fit(T, column, value);
  }
  return row;
}

function lines(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n');
}

/** The primary name shown in views: what it is, and the start of its text. */
function nameOf(msg: InboundMessage, content: unknown): string {
  const what = msg.kind === 'event' ? `event ${msg.event}` : msg.kind === 'unknown' && msg.event !== undefined ? `event ${msg.event}` : msg.msgType;
  const preview = typeof content === 'string' ? cut(content.replace(/\s+/g, ' ').trim(), 100) : '';
  return preview ? `${what}: ${preview}` : what;
}

/**
 * Typed inbound messages and events of an Official Account, as pushed to the message URL (decrypted).
 * `kind` is the MsgType for known messages and `'event'` for known events (then `event` discriminates,
 * spelled as WeChat documents it); everything else is `kind: 'unknown'`. Values stay strings as sent
 * (MsgId is 64-bit). `raw` is always the full plaintext XML.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */

export interface InboundBase {
  /** The account's original id (gh_…). */
  toUserName: string;
  /** The follower's openid. */
  fromUserName: string;
  /** Seconds since the epoch, as sent. */
  createTime: string;
  msgType: string;
  /** The complete decrypted XML, never dropped. */
  raw: string;
}

interface WithMsgId extends InboundBase {
  /** MsgId, 64-bit decimal string ('' only if WeChat left it out). */
  msgId: string;
}

export interface TextMessage extends WithMsgId {
  kind: 'text';
  content: string;
}
export interface ImageMessage extends WithMsgId {
  kind: 'image';
  picUrl: string;
  mediaId: string;
}
export interface VoiceMessage extends WithMsgId {
  kind: 'voice';
  mediaId: string;
  /** amr, speex… */
  format: string;
  /** Speech-to-text, present when voice recognition is on. */
  recognition?: string;
}
export interface VideoMessage extends WithMsgId {
  kind: 'video';
  mediaId: string;
  thumbMediaId: string;
}
export interface ShortVideoMessage extends WithMsgId {
  kind: 'shortvideo';
  mediaId: string;
  thumbMediaId: string;
}
export interface LocationMessage extends WithMsgId {
  kind: 'location';
  /** Latitude (Location_X). */
  locationX: string;
  /** Longitude (Location_Y). */
  locationY: string;
  scale: string;
  label: string;
}
export interface LinkMessage extends WithMsgId {
  kind: 'link';
  title: string;
  description: string;
  url: string;
}
export interface MiniProgramPageMessage extends WithMsgId {
  kind: 'miniprogrampage';
  appId: string;
  title: string;
  pagePath: string;
  thumbUrl: string;
  thumbMediaId: string;
}

interface EventBase extends InboundBase {
  kind: 'event';
}

export interface SubscribeEvent extends EventBase {
  event: 'subscribe';
  /** As sent, e.g. `qrscene_123`; absent for a plain follow. */
  eventKey?: string;
  /** The QR scene with `qrscene_` stripped, when the follow came from a parametric QR code. */
  scene?: string;
  ticket?: string;
}
export interface UnsubscribeEvent extends EventBase {
  event: 'unsubscribe';
}
export interface ScanEvent extends EventBase {
  event: 'SCAN';
  eventKey: string;
  /** Same as eventKey (SCAN carries the scene without prefix). */
  scene: string;
  ticket?: string;
}
export interface LocationEvent extends EventBase {
  event: 'LOCATION';
  latitude: string;
  longitude: string;
  precision: string;
}
export interface ClickEvent extends EventBase {
  event: 'CLICK';
  eventKey: string;
}
export interface ViewEvent extends EventBase {
  event: 'VIEW';
  eventKey: string;
  menuId?: string;
}
export interface TemplateSendJobFinishEvent extends EventBase {
  event: 'TEMPLATESENDJOBFINISH';
  /** From `MsgID` (capital D on these events). */
  msgId: string;
  status: string;
}
export interface MassSendJobFinishEvent extends EventBase {
  event: 'MASSSENDJOBFINISH';
  /** From `MsgID`. */
  msgId: string;
  status: string;
  totalCount: string;
  filterCount: string;
  sentCount: string;
  errorCount: string;
}

/** Any other MsgType or Event. Plain-text fields are kept in `fields`; `raw` has everything. */
export interface UnknownInbound extends InboundBase {
  kind: 'unknown';
  event?: string;
  eventKey?: string;
  /** MsgId or MsgID when present. */
  msgId?: string;
  fields: Record<string, string>;
}

export type InboundEvent =
  SubscribeEvent | UnsubscribeEvent | ScanEvent | LocationEvent | ClickEvent | ViewEvent | TemplateSendJobFinishEvent | MassSendJobFinishEvent;

export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | ShortVideoMessage
  | LocationMessage
  | LinkMessage
  | MiniProgramPageMessage
  | InboundEvent
  | UnknownInbound;

/**
 * A follower writes to an Official Account: the message or event XML WeChat builds, the follower state it changes
 * (following, the customer-service window), the media it makes downloadable, and the push to the relay's
 * 消息与事件接收URL (`/api/wechat/accounts/{appid}/callback`).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { SimInputError } from '../errors.js';
import { followerFor, isAuthorized, type Follower, type SimAccount } from '../state/accounts.js';
import { fakeAmr, fakeMp4, tinyPng } from '../state/media.js';
import { WINDOW_OPENING_EVENTS } from '../state/service-window.js';
import type { SimState } from '../state/simulator-state.js';
import type { PushInput, PushResult } from '../types.js';
import { buildXml, type XmlFields } from '../xml.js';
import { deliver, sealPush } from './deliver.js';

export const MAX_REPEAT = 10;

/** Makes the follower act and delivers the push `repeat` times (identical bytes each time). */
export async function pushFollowerMessage(state: SimState, input: PushInput): Promise<PushResult[]> {
  const account = state.account(input.appid);
  if (!isAuthorized(account)) throw new SimInputError(`account ${account.appid} has not authorized the component`, 409);
  const repeat = input.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) throw new SimInputError(`repeat must be 1..${MAX_REPEAT}`);
  if (typeof input.openid !== 'string' || !/^[\w-]{1,64}$/.test(input.openid)) throw new SimInputError('openid must be 1-64 word characters');
  const now = state.clock.now();
  const follower = followerFor(account, input.openid, now);
  const plaintext = buildXml(messageFields(state, account, input));
  applyToFollower(follower, input, now);
  const push = sealPush(state, plaintext, { kind: 'account', appid: account.appid, originalId: account.originalId, openid: input.openid });
  return deliver(state, push, plaintext, repeat);
}

function messageFields(state: SimState, account: SimAccount, input: PushInput): XmlFields {
  const head: XmlFields = {
    ToUserName: account.originalId,
    FromUserName: input.openid,
    CreateTime: input.createTime ?? state.nowSeconds(),
    MsgType: input.msgType,
  };
  const msgId = (): string => input.msgId ?? state.nextMsgId();
  const media = (type: 'image' | 'voice' | 'video' | 'thumb', bytes: Buffer, contentType: string, ext: string): string =>
    input.mediaId ?? state.media.put(account.appid, type, bytes, contentType, `follower.${ext}`).mediaId;
  switch (input.msgType) {
    case 'text':
      if (typeof input.content !== 'string' || input.content === '') throw new SimInputError('a text message needs content');
      return { ...head, Content: input.content, MsgId: msgId(), ...extra(input) };
    case 'image': {
      const mediaId = media('image', tinyPng(), 'image/png', 'png');
      const picUrl = input.picUrl ?? `${state.publicUrl}/sim/media/${mediaId}`;
      return { ...head, PicUrl: picUrl, MsgId: msgId(), MediaId: mediaId, ...extra(input) };
    }
    case 'voice':
      return {
        ...head,
        MediaId: media('voice', fakeAmr(), 'audio/amr', 'amr'),
        Format: input.format ?? 'amr',
        MsgId: msgId(),
        Recognition: input.recognition,
        ...extra(input),
      };
    case 'video':
    case 'shortvideo': {
      const thumb = input.thumbMediaId ?? state.media.put(account.appid, 'thumb', tinyPng(2, 2), 'image/png', 'thumb.png').mediaId;
      return { ...head, MediaId: media('video', fakeMp4(), 'video/mp4', 'mp4'), ThumbMediaId: thumb, MsgId: msgId(), ...extra(input) };
    }
    case 'location':
      return {
        ...head,
        Location_X: input.locationX ?? 23.134521,
        Location_Y: input.locationY ?? 113.358803,
        Scale: input.scale ?? 20,
        Label: input.label ?? '',
        MsgId: msgId(),
        ...extra(input),
      };
    case 'link':
      if (!input.url) throw new SimInputError('a link message needs url');
      return { ...head, Title: input.title ?? '', Description: input.description ?? '', Url: input.url, MsgId: msgId(), ...extra(input) };
    case 'event':
      return eventFields(head, input);
    default:
      throw new SimInputError(`unknown msgType ${JSON.stringify((input as { msgType: unknown }).msgType)}`);
  }
}

function eventFields(head: XmlFields, input: PushInput): XmlFields {
  if (typeof input.event !== 'string' || input.event === '') throw new SimInputError('an event needs event (e.g. subscribe, CLICK)');
  const fields: XmlFields = { ...head, Event: input.event };
  if (input.event === 'LOCATION') {
    fields.Latitude = input.latitude ?? 23.137466;
    fields.Longitude = input.longitude ?? 113.352425;
    fields.Precision = input.precision ?? 119.38504;
  }
  if (input.eventKey !== undefined) fields.EventKey = input.eventKey;
  if (input.ticket !== undefined) fields.Ticket = input.ticket;
  return { ...fields, ...extra(input) };
}

function extra(input: PushInput): XmlFields {
  const fields: XmlFields = {};
  for (const [name, value] of Object.entries(input.extra ?? {})) {
    if (!/^[A-Za-z_][\w]*$/.test(name)) throw new SimInputError(`extra field name ${JSON.stringify(name)} is not an XML name`);
    fields[name] = value;
  }
  return fields;
}

/** What the action changes on WeChat's side, before (and whatever) the relay answers. */
function applyToFollower(follower: Follower, input: PushInput, now: number): void {
  if (input.msgType !== 'event') {
    follower.window.open('message', now);
    return;
  }
  if (input.event === 'subscribe') {
    follower.following = true;
    follower.subscribeTime = Math.floor(now / 1000);
    const scene = input.eventKey?.startsWith('qrscene_') ? input.eventKey.slice('qrscene_'.length) : undefined;
    follower.subscribeScene = scene === undefined ? 'ADD_SCENE_SEARCH' : 'ADD_SCENE_QR_CODE';
    follower.qrScene = scene !== undefined && /^\d+$/.test(scene) ? Number(scene) : 0;
    follower.qrSceneStr = scene !== undefined && !/^\d+$/.test(scene) ? scene : '';
  } else if (input.event === 'unsubscribe') {
    follower.following = false;
    follower.window.close();
    return;
  }
  if (WINDOW_OPENING_EVENTS.has(input.event ?? '')) follower.window.open('event', now);
}

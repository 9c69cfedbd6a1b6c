/**
 * What the relay knows about a follower, and how each message or event moves it forward.
 *
 * Order: the queue does not keep order (retries, several instances, poison replays), so a later event can be
 * processed first. Every fact therefore carries WeChat's CreateTime, and state only moves forward by event
 * time, never by processing time:
 * - subscribedOn / unsubscribedOn each keep the latest time seen; `subscribed` is derived from the two, so a
 *   subscribe and an unsubscribe give the same answer in either processing order. In the same second the
 *   unsubscribe wins: following and leaving within one second happens (a mistaken tap), leaving and following
 *   again within one second cannot (the user has to find the account again).
 * - the subscribe scene and QR scene belong to the follow they came with, and change only with a newer follow.
 * - lastInteractionOn (the 48-hour customer-service window) only grows.
 * - lastMessageOn and lastEventOn (the reply window as WeChat counts it, relay/window/reply-window.ts) only grow;
 *   follower-row.ts resets the matching sent count when one moves, in the same write.
 * Each message row also keeps its own CreateTime, so a conversation is shown in WeChat's order whatever order
 * the rows were written in.
 *
 * Interactions that open the 48-hour window: a message, a follow, a QR scan, and the menu events CLICK,
 * scancode_push and scancode_waitmsg (not VIEW, and not the automatic LOCATION report).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { SubscribeScene, SubscribeSceneByExternalValue } from '@wxm/solution/schema';
import type { InboundMessage } from '../../wechat/index.js';
import type { FollowerProfile } from '../ports/delivery.js';
import { openerOf, type Opener } from '../window/reply-window.js';

/** Times are epoch seconds (WeChat's CreateTime). */
export interface FollowerState {
  subscribed?: boolean;
  subscribedOn?: number;
  unsubscribedOn?: number;
  /** SubscribeScene option; null when the follow's scene is not known. */
  subscribeScene?: number | null;
  /** Scene of the parametric QR code of the current follow; null when it came another way. */
  qrScene?: string | null;
  lastInteractionOn?: number;
  /** The follower's latest message (opens 5 customer-service messages for 48 hours). */
  lastMessageOn?: number;
  /** The latest follow, QR scan or menu click (opens 3 for 1 minute). */
  lastEventOn?: number;
  unionId?: string;
  language?: string;
  /** Tag ids, comma separated. */
  tags?: string;
  remark?: string;
}

export type Observation =
  | { kind: 'subscribe'; at: number; scene: number | null; qrScene: string | null }
  | { kind: 'unsubscribe'; at: number }
  | { kind: 'interaction'; at: number }
  /** What opened a reply allowance (relay/window): a message, or a follow, scan or menu click. */
  | { kind: 'opened'; by: Opener; at: number }
  /** An existing follower scanned a parametric QR code (SCAN). */
  | { kind: 'scan'; at: number; qrScene: string };

const MENU_INTERACTIONS = new Set(['scancode_push', 'scancode_waitmsg']);

/** What a message or event says about its follower. */
export function observe(msg: InboundMessage, at: number): Observation[] {
  const by = msg.kind === 'event' ? openerOf('event', msg.event) : msg.kind === 'unknown' ? openerOf(msg.msgType, msg.event) : 'message';
  const observations = observeState(msg, at);
  return by ? [...observations, { kind: 'opened', by, at }] : observations;
}

function observeState(msg: InboundMessage, at: number): Observation[] {
  switch (msg.kind) {
    case 'event':
      switch (msg.event) {
        case 'subscribe': {
          const fromQr = msg.scene !== undefined;
          return [
            { kind: 'subscribe', at, scene: fromQr ? SubscribeScene.QrCode : null, qrScene: fromQr ? (msg.scene ?? null) : null },
            { kind: 'interaction', at },
          ];
        }
        case 'unsubscribe':
          return [{ kind: 'unsubscribe', at }];
        case 'SCAN':
          return [...(msg.scene ? [{ kind: 'scan' as const, at, qrScene: msg.scene }] : []), { kind: 'interaction', at }];
        case 'CLICK':
          return [{ kind: 'interaction', at }];
        default:
          return [];
      }
    case 'unknown':
      if (msg.msgType.toLowerCase() !== 'event') return [{ kind: 'interaction', at }];
      return MENU_INTERACTIONS.has((msg.event ?? '').toLowerCase()) ? [{ kind: 'interaction', at }] : [];
    default:
      return [{ kind: 'interaction', at }];
  }
}

/** A user/info answer as an observation: the follow it reports, at its subscribe_time. */
export function observeProfile(profile: FollowerProfile): Observation[] {
  if (!profile.subscribed || profile.subscribeTime === undefined) return [];
  const scene = profile.subscribeScene === undefined ? null : (SubscribeSceneByExternalValue[profile.subscribeScene] ?? SubscribeScene.Other);
  return [{ kind: 'subscribe', at: profile.subscribeTime, scene, qrScene: profile.qrSceneStr ?? null }];
}

/** The state after the observations (and a fresh profile, if one was fetched). Never moves a time backwards. */
export function advance(current: FollowerState, observations: readonly Observation[], profile?: FollowerProfile): FollowerState {
  const next: FollowerState = { ...current };
  const all = [...observations, ...(profile ? observeProfile(profile) : [])];
  for (const o of all) {
    switch (o.kind) {
      case 'subscribe':
        if (next.subscribedOn === undefined || o.at > next.subscribedOn) {
          next.subscribedOn = o.at;
          next.subscribeScene = o.scene;
          next.qrScene = o.qrScene;
        } else if (o.at === next.subscribedOn) {
          // The same follow seen twice (the event and user/info): keep what either one knows.
          next.subscribeScene = next.subscribeScene ?? o.scene;
          next.qrScene = next.qrScene ?? o.qrScene;
        }
        break;
      case 'unsubscribe':
        if (next.unsubscribedOn === undefined || o.at > next.unsubscribedOn) next.unsubscribedOn = o.at;
        break;
      case 'interaction':
        if (next.lastInteractionOn === undefined || o.at > next.lastInteractionOn) next.lastInteractionOn = o.at;
        break;
      case 'opened': {
        const key = o.by === 'message' ? 'lastMessageOn' : 'lastEventOn';
        const last = next[key];
        if (last === undefined || o.at > last) next[key] = o.at;
        break;
      }
      case 'scan':
        // A scan is not how the follower came (the QR scene column is the follow's source), but for a follower
        // whose follow the relay never saw, it is the best attribution there is; a follow seen later replaces it.
        if (!next.qrScene && (next.subscribeScene === undefined || next.subscribeScene === null)) next.qrScene = o.qrScene;
        break;
    }
  }
  next.subscribed = subscribedFrom(next, current, all, profile);
  if (profile) {
    if (profile.unionid) next.unionId = profile.unionid;
    if (profile.language) next.language = profile.language;
    next.tags = profile.tagIds.join(',');
    if (profile.remark !== undefined) next.remark = profile.remark;
  }
  return next;
}

function subscribedFrom(next: FollowerState, current: FollowerState, all: readonly Observation[], profile?: FollowerProfile): boolean | undefined {
  if (next.subscribedOn !== undefined || next.unsubscribedOn !== undefined) {
    // Strictly later: a tie means subscribe-then-unsubscribe in the same second (see above).
    return next.subscribedOn !== undefined && (next.unsubscribedOn === undefined || next.subscribedOn > next.unsubscribedOn);
  }
  if (profile) return profile.subscribed;
  // Only followers can write to an account: a follower first met through a message is following.
  if (all.some((o) => o.kind === 'interaction')) return true;
  return current.subscribed;
}

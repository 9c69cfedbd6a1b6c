/**
 * What the delivery worker needs besides the Dataverse org: WeChat's media and follower profile APIs on behalf
 * of the account (adapted from wechat/ in the composition root), and a place to park messages of accounts
 * that are not bound yet.
 */
import type { InboundEnvelope } from '../envelope.js';

export interface MediaFile {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

export interface WechatMediaSource {
  /** media/get with the account's token. WeChat keeps inbound media for 3 days only: download at once. */
  download(authorizerAppid: string, mediaId: string): Promise<MediaFile>;
}

export interface FollowerProfile {
  subscribed: boolean;
  unionid?: string;
  language?: string;
  tagIds: number[];
  remark?: string;
  /** Seconds since the epoch. */
  subscribeTime?: number;
  /** WeChat's subscribe_scene, e.g. ADD_SCENE_QR_CODE. */
  subscribeScene?: string;
  qrSceneStr?: string;
}

export interface FollowerProfiles {
  /** user/info with the account's token (needs the 用户管理 permission set). */
  get(authorizerAppid: string, openid: string): Promise<FollowerProfile>;
}

/**
 * Messages of accounts without a binding yet. They are kept (never dropped) and re-queued when the account
 * gets bound.
 */
export interface ParkedDeliveries {
  /** Keeps the envelope. Parking the same envelope again (a queue retry) keeps one copy. */
  park(envelope: InboundEnvelope): Promise<void>;
  /** Everything parked for the account, oldest first, left in place (see `requeueParked`). */
  peek(authorizerAppid: string): Promise<InboundEnvelope[]>;
  /** Forgets parked envelopes by dedupe key, once they are safely somewhere else. */
  remove(authorizerAppid: string, dedupeKeys: readonly string[]): Promise<void>;
}

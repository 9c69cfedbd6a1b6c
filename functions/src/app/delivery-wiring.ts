/**
 * Wiring of the delivery worker (queue `wechat-inbound` → the customer's Dataverse), for the composition root:
 * - `createDeliveryProcess()` once per process (what delivery remembers per org lives across invocations:
 *   follower rows, per-follower turns, contact checks; batching and pacing are the gateway's);
 * - `wireDelivery(...)` per invocation (this invocation's logger), giving `deliverInbound`'s dependencies;
 * - the WeChat adapters: media/get (a video's `video_url` followed; media WeChat refuses for good becomes
 *   MediaUnavailable, so the message is stored with a note saying why) and user/info.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
import type { DeliverInboundDeps, DeliveryOptions } from '../relay/delivery/deliver-inbound.js';
import { MediaUnavailable } from '../relay/delivery/errors.js';
import { DeliveryMemory, type DeliveryMemoryOptions } from '../relay/delivery/org-memory.js';
import { PendingKeys } from '../relay/delivery/pending-keys.js';
import type { FollowerProfiles, MediaFile, WechatMediaSource } from '../relay/ports/delivery.js';
import { bindingsFromRegistry, oncePerMessage } from '../relay/delivery/registry-bindings.js';
import type { Logger } from '../relay/ports/logger.js';
import { WechatApiError, type OfficialAccountApi, type TokenSource } from '../wechat/index.js';
import type { RelayRuntime } from './runtime.js';
import { QUEUES, type RelayTask } from '../relay/envelope.js';

export interface DeliveryProcess {
  memory: DeliveryMemory;
  /** Alternate keys deliveries met not active yet, per org (reported by /api/health). */
  pendingKeys: PendingKeys;
  options?: Partial<DeliveryOptions>;
}

export function createDeliveryProcess(memory: DeliveryMemoryOptions = {}, options?: Partial<DeliveryOptions>): DeliveryProcess {
  return { memory: new DeliveryMemory(memory), pendingKeys: new PendingKeys(), ...(options && { options }) };
}

/** What the adapters need of the WeChat ports (relay/adapters/wechat-ports.ts). */
export interface WechatForDelivery {
  officialAccount: OfficialAccountApi;
  authorizerTokens: { forAuthorizer(authorizerAppid: string): TokenSource };
}

export function wireDelivery(
  process: DeliveryProcess,
  rt: RelayRuntime,
  wechat: WechatForDelivery,
  logger: Logger,
  fetchImpl: typeof fetch = fetch,
): DeliverInboundDeps {
  return {
    // Built per queue message (wireDelivery runs per invocation): its envelopes share one resolution per account.
    bindings: oncePerMessage(bindingsFromRegistry({ registry: rt.storage.signedServices, gateway: rt.gateway, secretBox: rt.secretBox })),
    parked: rt.storage.parked,
    media: wechatMediaSource(wechat, fetchImpl),
    profiles: wechatFollowerProfiles(wechat),
    memory: process.memory,
    pendingKeys: process.pendingKeys,
    // Forwarded WeChat events (relay/events) go on to the relay-tasks worker once their message row exists.
    tasks: rt.storage.queue<RelayTask>(QUEUES.tasks),
    clock: rt.clock,
    logger,
    ...(process.options && { options: process.options }),
  };
}

/** WeChat refuses these for good: retrying cannot bring the file back. */
const PERMANENT = new Set(['invalid-input', 'permission']);

export function wechatMediaSource(wechat: WechatForDelivery, fetchImpl: typeof fetch = fetch): WechatMediaSource {
  return {
    async download(authorizerAppid, mediaId): Promise<MediaFile> {
      let answer;
      try {
        answer = await wechat.officialAccount.getMedia(wechat.authorizerTokens.forAuthorizer(authorizerAppid), mediaId);
      } catch (err) {
        if (err instanceof WechatApiError && PERMANENT.has(err.kind)) throw new MediaUnavailable(mediaId, err.en, { cause: err });
        throw err;
      }
      if (answer.kind === 'binary') return { bytes: answer.bytes, contentType: answer.contentType, filename: answer.filename ?? mediaId };
      const url = answer.json['video_url'];
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new MediaUnavailable(mediaId, 'WeChat answered without the file or a download URL.');
      return downloadVideo(mediaId, url, fetchImpl);
    },
  };
}

/** Videos come as a URL on WeChat's CDN (plain http, no token). */
async function downloadVideo(mediaId: string, url: string, fetchImpl: typeof fetch): Promise<MediaFile> {
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(60_000) });
  if (res.status >= 400 && res.status < 500) throw new MediaUnavailable(mediaId, `The video download answered HTTP ${res.status}.`);
  if (!res.ok) throw new Error(`video download failed with HTTP ${res.status}`);
  const contentType = res.headers.get('content-type') ?? 'video/mp4';
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType, filename: `${mediaId}.mp4` };
}

export function wechatFollowerProfiles(wechat: WechatForDelivery): FollowerProfiles {
  return {
    async get(authorizerAppid, openid) {
      const u = await wechat.officialAccount.getUserInfo(wechat.authorizerTokens.forAuthorizer(authorizerAppid), openid);
      const qrScene = u.qrSceneStr ?? (u.qrScene ? String(u.qrScene) : undefined);
      return {
        subscribed: u.subscribed,
        tagIds: u.tagIds,
        ...(u.unionid !== undefined && { unionid: u.unionid }),
        ...(u.language !== undefined && { language: u.language }),
        ...(u.remark !== undefined && { remark: u.remark }),
        ...(u.subscribeTime !== undefined && { subscribeTime: u.subscribeTime }),
        ...(u.subscribeScene !== undefined && { subscribeScene: u.subscribeScene }),
        ...(qrScene !== undefined && { qrSceneStr: qrScene }),
      };
    },
  };
}

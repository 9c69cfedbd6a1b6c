/**
 * Fixtures for delivery tests: WeChat pushes as plaintext XML (the shapes of docs/wechat-protocol.md §4), their
 * queue envelopes (dedupe key computed by the relay's own rule), and fakes of the delivery ports.
 */
import { randomUUID } from 'node:crypto';
import { EntitySets, OfficialAccount, AccountStatus } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../../functions/src/dataverse/types.js';
import { ManualClock } from '../storage/memory/manual-clock.js';
import { MemoryParkedDeliveries } from '../storage/memory/memory-parked-deliveries.js';
import { dedupeKey, parseInbound } from '../../../functions/src/wechat/index.js';
import type { AccountBindings, BoundAccount } from '../../../functions/src/relay/ports/bindings.js';
import type { InboundEnvelope } from '../../../functions/src/relay/envelope.js';
import { RecordingLogger } from '../relay/fixtures.js';
import type { DeliverInboundDeps } from '../../../functions/src/relay/delivery/deliver-inbound.js';
import { DeliveryMemory } from '../../../functions/src/relay/delivery/org-memory.js';
import type { FollowerProfile, FollowerProfiles, MediaFile, WechatMediaSource } from '../../../functions/src/relay/ports/delivery.js';
import { MemoryOrg } from './memory-org.js';

export const APPID = 'wxaaaabbbbccccdddd';
export const ORIGINAL_ID = 'gh_0123456789ab';
export const OPENID = 'oFollower0000000000000000001';
/** 2024-06-10T06:13:20Z */
export const T0 = 1718000000;

/** A push as WeChat sends it: strings in CDATA, numbers bare. */
export function push(fields: Record<string, string | number>, options: { from?: string; at?: number } = {}): string {
  const all: Record<string, string | number> = { ToUserName: ORIGINAL_ID, FromUserName: options.from ?? OPENID, CreateTime: options.at ?? T0, ...fields };
  const body = Object.entries(all)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('\n');
  return `<xml>\n${body}\n</xml>`;
}

export function event(name: string, extra: Record<string, string | number> = {}, options: { from?: string; at?: number } = {}): string {
  return push({ MsgType: 'event', Event: name, ...extra }, options);
}

export function envelopeOf(xml: string, appid = APPID, receivedAt = T0 * 1000 + 1200): InboundEnvelope {
  return { v: 1, authorizerAppid: appid, dedupeKey: dedupeKey(appid, parseInbound(xml)), xml, receivedAt };
}

export class FakeMedia implements WechatMediaSource {
  readonly calls: string[] = [];
  readonly files = new Map<string, MediaFile | Error>();
  async download(authorizerAppid: string, mediaId: string): Promise<MediaFile> {
    this.calls.push(`${authorizerAppid}:${mediaId}`);
    const file = this.files.get(mediaId);
    if (file instanceof Error) throw file;
    if (!file) throw new Error(`no fake media ${mediaId}`);
    return file;
  }
}

export class FakeProfiles implements FollowerProfiles {
  readonly calls: string[] = [];
  readonly profiles = new Map<string, FollowerProfile | Error>();
  async get(authorizerAppid: string, openid: string): Promise<FollowerProfile> {
    this.calls.push(`${authorizerAppid}:${openid}`);
    const p = this.profiles.get(openid);
    if (p instanceof Error) throw p;
    return p ?? { subscribed: true, tagIds: [] };
  }
}

export class StaticBindings implements AccountBindings {
  readonly accounts = new Map<string, BoundAccount>();
  async resolve(authorizerAppid: string): Promise<BoundAccount | undefined> {
    return this.accounts.get(authorizerAppid);
  }
}

/** Seeds the account row the binding points at and returns its binding. */
export function bindAccount(
  org: DataverseOrg & { insert?: (set: string, v: Record<string, unknown>, id?: string) => string },
  appid = APPID,
  extra: Partial<BoundAccount> = {},
): BoundAccount {
  const officialAccountId = randomUUID();
  org.insert?.(
    EntitySets.OfficialAccount,
    { [OfficialAccount.columns.AppId]: appid, [OfficialAccount.columns.Name]: appid, [OfficialAccount.columns.AccountStatus]: AccountStatus.Authorized },
    officialAccountId,
  );
  return { authorizerAppid: appid, org, organizationId: randomUUID(), signedServiceId: randomUUID(), officialAccountId, ...extra };
}

export interface DeliveryWorld {
  org: MemoryOrg;
  bound: BoundAccount;
  bindings: StaticBindings;
  media: FakeMedia;
  profiles: FakeProfiles;
  parked: MemoryParkedDeliveries;
  logger: RecordingLogger;
  clock: ManualClock;
  memory: DeliveryMemory;
  deps: DeliverInboundDeps;
}

export function deliveryWorld(options: { bound?: Partial<BoundAccount> } = {}): DeliveryWorld {
  const org = new MemoryOrg();
  const bound = bindAccount(org, APPID, options.bound);
  const bindings = new StaticBindings();
  bindings.accounts.set(APPID, bound);
  const media = new FakeMedia();
  const profiles = new FakeProfiles();
  const parked = new MemoryParkedDeliveries();
  const logger = new RecordingLogger();
  const clock = new ManualClock(T0 * 1000 + 5000);
  const memory = new DeliveryMemory();
  return { org, bound, bindings, media, profiles, parked, logger, clock, memory, deps: { bindings, parked, media, profiles, memory, clock, logger } };
}

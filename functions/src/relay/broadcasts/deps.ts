/**
 * What the broadcast use cases need, and the org of a hint or an event reached with the application user the relay
 * holds for it (relay/signed-services/org-of-hint.ts: the account behind a row is only one the registry binds to
 * this org).
 */
import type { DataverseGateway } from '../../dataverse/types.js';
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource } from '../../wechat/index.js';
import type { CustomMessage } from '../../wechat/official-account/types.js';
import type { DraftApi } from '../../wechat/official-account/draft.js';
import type { MassApi } from '../../wechat/official-account/mass.js';
import type { UploadDeps } from '../materials/upload.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import { openOrgOfHint } from '../signed-services/org-of-hint.js';
import type { TagOrg } from '../tags/tag-deps.js';

export interface BroadcastWechat {
  mass: MassApi;
  draft: DraftApi;
  /** message/custom/send (active push). */
  sendCustom(token: TokenSource, message: CustomMessage): Promise<void>;
  token(appid: string): TokenSource;
}

export interface BroadcastDeps {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  wechat: BroadcastWechat;
  /** Leases (one worker per broadcast) and MASSSENDJOBFINISH events that came before their msg_id was written. */
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** Pause between two mass-send calls of one account, across its broadcasts and instances (mass-pace.ts). Default 1,100 ms. */
  callSpacingMs?: number;
  /** Waits on `clock` between mass-send calls (default: a timer; tests run a faster clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Article images (media/uploadimg through relay/materials' one upload path). */
  uploads?: UploadDeps;
  /** Openids per mass/send call (WeChat: 10,000; at least 3). A setting so tests need not make 10,001 followers. */
  chunkSize?: number;
}

/** The org, its account lookup and the relay's own user id (the same shape the audience resolver takes). */
export function openBroadcastOrg(organizationId: string, deps: BroadcastDeps): Promise<TagOrg | undefined> {
  return openOrgOfHint(organizationId, deps);
}

/** A short lease so one worker acts on a broadcast at a time; a crashed worker's lease runs out and the timer resumes. */
export async function lease(deps: BroadcastDeps, key: string, seconds = 300): Promise<boolean> {
  return deps.kv.putIfAbsent(`broadcast-lease|${key}`, String(deps.clock.now()), deps.clock.now() + seconds * 1000);
}

export async function release(deps: BroadcastDeps, key: string): Promise<void> {
  await deps.kv.delete(`broadcast-lease|${key}`);
}

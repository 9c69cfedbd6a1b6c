/**
 * What the tag use cases need, and the org of a hint reached with the application user the relay holds for it
 * (relay/signed-services/org-of-hint.ts: the account behind a row is only one the registry binds to this org).
 */
import type { DataverseGateway } from '../../dataverse/types.js';
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource } from '../../wechat/index.js';
import type { TagsApi } from '../../wechat/official-account/tags.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import { openOrgOfHint, type OrgAccess } from '../signed-services/org-of-hint.js';

export interface TagDeps {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  /** WeChat's tag APIs and the authorizer token of an appid (the shared provider). */
  wechat: { api: TagsApi; token(appid: string): TokenSource };
  /** The relay's own memory of tags it knows in WeChat (for deletes) and short leases (one worker per change). */
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
}

/** The org of a hint with its account lookup and the relay's own user id (relay/signed-services/org-of-hint.ts). */
export type TagOrg = OrgAccess;

export function openTagOrg(organizationId: string, deps: TagDeps): Promise<TagOrg | undefined> {
  return openOrgOfHint(organizationId, deps);
}

/** The relay's memory of a tag row it made or adopted in WeChat: a deleted row is gone from Dataverse, this is not. */
export interface KnownTag {
  appid: string;
  accountId: string;
  tagId: number;
  name: string;
}

export const knownTagKey = (organizationId: string, rowId: string): string => `wechat-tag|${organizationId}|${rowId}`;

export async function rememberTag(deps: TagDeps, organizationId: string, rowId: string, tag: KnownTag): Promise<void> {
  await deps.kv.put(knownTagKey(organizationId, rowId), JSON.stringify(tag));
}

export async function knownTag(deps: TagDeps, organizationId: string, rowId: string): Promise<KnownTag | undefined> {
  const raw = await deps.kv.get(knownTagKey(organizationId, rowId));
  return raw ? (JSON.parse(raw) as KnownTag) : undefined;
}

/** A short lease so one worker acts on a change at a time; a crashed worker's lease runs out. */
export async function lease(deps: TagDeps, key: string, seconds = 120): Promise<boolean> {
  return deps.kv.putIfAbsent(`tag-lease|${key}`, '1', deps.clock.now() + seconds * 1000);
}

export async function release(deps: TagDeps, key: string): Promise<void> {
  await deps.kv.delete(`tag-lease|${key}`);
}

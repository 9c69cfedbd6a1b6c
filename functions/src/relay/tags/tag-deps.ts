/**
 * What the tag use cases need, and the org of a hint reached with the application user the relay holds for it.
 * The WeChat account behind a wxm_officialaccount row is the one bound to this org through a connected Signed
 * Service (the registry's binding names this org), never one a row or a hint merely claims: a row naming another
 * tenant's account finds no appid here.
 */
import type { DataverseGateway, DataverseOrg, DataverseRelations } from '../../dataverse/types.js';
import { relationsOf } from '../../dataverse/relations.js';
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource } from '../../wechat/index.js';
import type { TagsApi } from '../../wechat/official-account/tags.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import { accountsOf, type SignedServiceRegistry } from '../ports/signed-services.js';
import { openRecord } from '../signed-services/open-record.js';

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

export interface TagOrg {
  organizationId: string;
  org: DataverseOrg & DataverseRelations;
  /** The authorizer appid of this org's account row, or undefined when it is not bound to this org. */
  appidOf(officialAccountId: string): Promise<string | undefined>;
  /** The relay's application user in this org: changes it made itself are never sent back to WeChat. */
  relayUserId(): Promise<string>;
}

const relayUsers = new Map<string, string>();

export async function openTagOrg(organizationId: string, deps: TagDeps): Promise<TagOrg | undefined> {
  const connected = (await deps.registry.listForOrg(organizationId)).filter((r) => r.state === 'connected');
  const record = connected.find((r) => openRecord(r, deps));
  const opened = record && openRecord(record, deps);
  if (!opened) return undefined;
  const org = relationsOf(opened);
  return {
    organizationId,
    org,
    async appidOf(officialAccountId) {
      for (const r of connected) {
        for (const account of accountsOf(r)) {
          if (account.officialAccountId !== officialAccountId) continue;
          const binding = await deps.registry.bindingOf(account.appid);
          if (binding?.organizationId === organizationId) return account.appid;
        }
      }
      return undefined;
    },
    async relayUserId() {
      const key = `${organizationId}|${org.environmentUrl}`;
      const known = relayUsers.get(key);
      if (known) return known;
      const id = (await org.whoAmI()).userId.toLowerCase();
      relayUsers.set(key, id);
      return id;
    },
  };
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

/**
 * The auto-reply use cases' dependencies as app/relay.ts wires them (relay/autoreplies/wiring.ts, autoReplyDeps),
 * over the WeChat simulator with the account's authorizer token, for the org of a hint reached through `orgsOf`
 * (one emulator org, or two customers): the rule store and this instance's memory copy on one in-memory store.
 */
import type { DataverseGateway } from '../../../functions/src/dataverse/types.js';
import type { ConsoleImportDeps } from '../../../functions/src/relay/autoreplies/import-console.js';
import { RuleCache } from '../../../functions/src/relay/autoreplies/rule-cache.js';
import { autoReplyDeps } from '../../../functions/src/relay/autoreplies/wiring.js';
import type { SignedServiceRegistry } from '../../../functions/src/relay/ports/signed-services.js';
import type { SecretBox } from '../../../functions/src/relay/ports/storage.js';
import { RuleStore } from '../../../functions/src/relay/autoreplies/rule-store.js';
import type { Harness } from '../../emulators/wechat/testkit/harness.js';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import { RecordingLogger } from './fixtures.js';

export type AutoReplyTestDeps = ConsoleImportDeps & { cache: RuleCache; logger: RecordingLogger };

export function autoReplyTestDeps(
  h: Harness,
  orgsOf: { registry: SignedServiceRegistry; gateway: DataverseGateway; secretBox: SecretBox },
  token: string,
): AutoReplyTestDeps {
  const kv = new MemoryKeyValueStore(h.clock);
  const cache = new RuleCache(new RuleStore(kv), h.clock);
  const logger = new RecordingLogger();
  const deps = autoReplyDeps({
    ...orgsOf,
    kv,
    cache,
    wechatApiBase: h.sim.url,
    authorizerTokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) },
    clock: h.clock,
    logger,
  });
  return { ...deps, cache, logger };
}

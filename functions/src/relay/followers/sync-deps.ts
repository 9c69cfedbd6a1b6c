/** What the follower sync's use cases (start, step, hint, schedule) need: ports only, built by wiring.ts. */
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource } from '../../wechat/api/types.js';
import type { FollowerUsersApi } from '../../wechat/official-account/users.js';
import type { RelayTask } from '../envelope.js';
import type { AccountBindings } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AuthorizerRegistry, KeyValueStore, Queue } from '../ports/storage.js';
import type { SyncPageDeps } from './sync-page.js';

export interface FollowerSyncDeps {
  bindings: AccountBindings;
  /** A hint names an org and an account row: the registry says which bound account that is. */
  registry: SignedServiceRegistry;
  /** The schedule walks every authorized account. */
  authorizers: Pick<AuthorizerRegistry, 'list'>;
  users: FollowerUsersApi;
  tokens: { forAuthorizer(appid: string): TokenSource };
  /** Checkpoints, runs and leases (shared by every instance). */
  kv: KeyValueStore;
  tasks: Queue<RelayTask>;
  clock: Clock;
  logger: Logger;
  /** Batching of a page's writes (defaults in sync-page.ts). */
  page?: Pick<SyncPageDeps, 'chunksPerGroup' | 'groupsInFlight'>;
}

export type SyncTask = Extract<RelayTask, { type: 'follower-sync-step' }>;

export const stepTask = (appid: string, runId: string, step: number): SyncTask => ({ v: 1, type: 'follower-sync-step', appid, runId, step });

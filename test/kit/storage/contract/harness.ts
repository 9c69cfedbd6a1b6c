/**
 * What a storage backend provides to the shared contract suites (run against memory and Azurite alike).
 * Not a test file itself: memory/memory-storage.test.ts and azure/azure-storage.test.ts call the suites.
 */
import type { SecretBox } from '../../../../functions/src/relay/ports/storage.js';
import type { BackoffOptions } from '../../../../functions/src/storage/acquire-with-backoff.js';
import type { ManualClock } from '../memory/manual-clock.js';
import type { RelayStorage } from '../../../../functions/src/storage/relay-storage.js';

export interface HarnessOptions {
  clock: ManualClock;
  secretBox: SecretBox;
  lock?: BackoffOptions;
}

/** One isolated storage, plus a way to open a second "instance" on the same data. */
export interface HarnessInstance {
  storage: RelayStorage;
  /** Another relay instance sharing the same backing data (a new client set in Azure). */
  sibling(): Promise<RelayStorage>;
  /** The refresh token's record exactly as kept at rest, serialised. */
  rawRefreshToken(appid: string): Promise<string>;
  /** The access token's record exactly as kept at rest, serialised. */
  rawToken(key: string): Promise<string>;
}

export interface StorageHarness {
  name: string;
  create(options: HarnessOptions): Promise<HarnessInstance>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What the relay remembers of an account's running follower sync, in the shared key-value store, beside the page
 * checkpoint (sync-page.ts): which run owns the chain of 'follower-sync-step' tasks and which step is next. A step
 * task runs only if it names the run's current step, and only while it holds the account's lease: a duplicated or
 * late queue message, or a second instance, finds a different step or a held lease and does nothing. The row in
 * Dataverse shows the state; this record only orders the chain.
 */
import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../ports/storage.js';

export interface SyncRun {
  runId: string;
  /** The step the next task must carry. */
  step: number;
  organizationId: string;
  officialAccountId: string;
  state: 'running' | 'paused';
  /** Paused runs: when WeChat's quota is back (epoch ms). */
  resumeOn?: number;
  /** Last time a step finished (or the run started): the schedule revives a chain silent for longer than STALL_MS. */
  heartbeatAt: number;
}

/** One step is one user/get page: 10,000 followers. A step still running after this long is dead. */
export const LEASE_MS = 10 * 60_000;
/** A running chain with no step finished for this long lost its task (crash between the checkpoint and the enqueue). */
export const STALL_MS = 15 * 60_000;

const runKey = (appid: string) => `follower-sync-run|${appid}`;
const leaseKey = (appid: string) => `follower-sync-lease|${appid}`;

export const newRunId = (): string => randomUUID();

export async function readRun(kv: KeyValueStore, appid: string): Promise<SyncRun | undefined> {
  const raw = await kv.get(runKey(appid));
  return raw ? (JSON.parse(raw) as SyncRun) : undefined;
}

export const saveRun = (kv: KeyValueStore, appid: string, run: SyncRun): Promise<void> => kv.put(runKey(appid), JSON.stringify(run));
export const forgetRun = (kv: KeyValueStore, appid: string): Promise<void> => kv.delete(runKey(appid));

/** Taken before a step touches WeChat or Dataverse; expires by itself if the instance dies. */
export const takeLease = (kv: KeyValueStore, appid: string, holder: string, now: number): Promise<boolean> =>
  kv.putIfAbsent(leaseKey(appid), holder, now + LEASE_MS);

export async function leaseHeld(kv: KeyValueStore, appid: string): Promise<boolean> {
  return (await kv.get(leaseKey(appid))) !== undefined;
}

export const releaseLease = (kv: KeyValueStore, appid: string): Promise<void> => kv.delete(leaseKey(appid));

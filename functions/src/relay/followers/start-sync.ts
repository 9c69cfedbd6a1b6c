/**
 * Starts (or resumes) an account's full follower sync, from a request on the account form or from the schedule:
 * claims the account row by its ETag (Running), records the run and enqueues its first 'follower-sync-step'. A run
 * that is already going is left alone, so two triggers at once start one chain. A sync that stopped (quota, crash,
 * failure) continues from its checkpoint: nothing before it is fetched again, nothing after it is skipped.
 */
import { checkpointKey } from './sync-page.js';
import { claimRunning, readSyncRow } from './sync-row.js';
import { newRunId, readRun, saveRun, STALL_MS, type SyncRun } from './sync-run.js';
import { stepTask, type FollowerSyncDeps } from './sync-deps.js';

/** 'request': someone asked on the form (resumes a paused sync at once: they may have reset the quota). */
export type SyncTrigger = 'request' | 'schedule';

export type StartOutcome = 'started' | 'resumed' | 'running' | 'paused' | 'already-served' | 'claimed-elsewhere' | 'not-bound';

export async function startFollowerSync(appid: string, trigger: SyncTrigger, deps: FollowerSyncDeps): Promise<StartOutcome> {
  const bound = await deps.bindings.resolve(appid);
  if (!bound) return 'not-bound';
  const row = await readSyncRow(bound.org, bound.officialAccountId);
  if (!row) return 'not-bound';
  const now = deps.clock.now();
  // A hint repeated (or a request served by a run that started after it) asks for nothing new.
  if (trigger === 'request' && (row.requestedOn === undefined || (row.startedOn !== undefined && row.requestedOn <= row.startedOn))) return 'already-served';
  const run = await readRun(deps.kv, appid);
  if (run?.state === 'running' && now - run.heartbeatAt < STALL_MS) return 'running';
  if (run?.state === 'paused' && trigger === 'schedule' && (run.resumeOn ?? 0) > now) return 'paused';
  const fresh = (await deps.kv.get(checkpointKey(appid))) === undefined;
  if (!(await claimRunning(bound.org, bound.officialAccountId, row.etag, now, fresh))) return 'claimed-elsewhere';
  const next: SyncRun = {
    runId: newRunId(),
    step: 0,
    organizationId: bound.organizationId,
    officialAccountId: bound.officialAccountId,
    state: 'running',
    heartbeatAt: now,
  };
  await saveRun(deps.kv, appid, next);
  await deps.tasks.enqueue(stepTask(appid, next.runId, 0));
  deps.logger.info('follower sync started', { authorizerAppid: appid, trigger, fresh });
  return fresh ? 'started' : 'resumed';
}

/**
 * The follower sync's timer (functions/follower-sync.ts, every 10 minutes), per authorized account:
 * - a sync paused by WeChat's quota continues once its resume time (Beijing midnight) has passed;
 * - a running chain silent for STALL_MS (its next task lost between the checkpoint and the enqueue, or poisoned)
 *   gets its current step enqueued again (a duplicate is dropped by the step and lease checks);
 * - once a day, from 03:00 Beijing time (quiet hours for the customer's Dataverse), a full sync starts: remarks and
 *   tags changed in the MP console send no event and arrive this way, and its last step runs the periodic diff
 *   (followers WeChat no longer lists are marked not following). Between syncs, events keep rows current.
 * One account's failure is logged; the others still run.
 */
import { startFollowerSync, type StartOutcome } from './start-sync.js';
import { leaseHeld, readRun, saveRun, STALL_MS } from './sync-run.js';
import { stepTask, type FollowerSyncDeps } from './sync-deps.js';

const BEIJING_MS = 8 * 3600_000;
/** Hour of the Beijing day from which the daily full sync starts. */
export const DAILY_SYNC_HOUR = 3;

export interface ScheduleReport {
  started: string[];
  resumed: string[];
  revived: string[];
  failed: string[];
}

export async function followerSyncTick(deps: FollowerSyncDeps): Promise<ScheduleReport> {
  const report: ScheduleReport = { started: [], resumed: [], revived: [], failed: [] };
  for (const account of await deps.authorizers.list()) {
    if (account.status !== 'authorized' || account.isMiniProgram) continue;
    try {
      const did = await tickAccount(account.appid, deps);
      if (did === 'started') report.started.push(account.appid);
      if (did === 'resumed') report.resumed.push(account.appid);
      if (did === 'revived') report.revived.push(account.appid);
    } catch (err) {
      report.failed.push(account.appid);
      deps.logger.error('follower sync schedule failed for an account', { authorizerAppid: account.appid, error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  return report;
}

async function tickAccount(appid: string, deps: FollowerSyncDeps): Promise<StartOutcome | 'revived' | 'idle'> {
  const now = deps.clock.now();
  const run = await readRun(deps.kv, appid);
  if (run?.state === 'paused') return (run.resumeOn ?? 0) <= now ? startFollowerSync(appid, 'schedule', deps) : 'idle';
  if (run?.state === 'running') {
    if (now - run.heartbeatAt < STALL_MS || (await leaseHeld(deps.kv, appid))) return 'idle';
    await saveRun(deps.kv, appid, { ...run, heartbeatAt: now });
    await deps.tasks.enqueue(stepTask(appid, run.runId, run.step));
    deps.logger.warn('follower sync chain revived', { authorizerAppid: appid, step: run.step });
    return 'revived';
  }
  const beijing = new Date(now + BEIJING_MS);
  if (beijing.getUTCHours() < DAILY_SYNC_HOUR) return 'idle';
  const day = beijing.toISOString().slice(0, 10);
  // Every instance's timer may tick: the day's marker is taken once.
  if (!(await deps.kv.putIfAbsent(`follower-sync-daily|${appid}|${day}`, String(now), now + 2 * 86_400_000))) return 'idle';
  return startFollowerSync(appid, 'schedule', deps);
}

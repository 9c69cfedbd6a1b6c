/**
 * One 'follower-sync-step' task: one user/get page of the account's full sync (sync-page.ts), then the outcome on
 * the account row and the next step on the queue. Only the run's current step runs, and only under the account's
 * lease, so a duplicated message or a second instance does nothing. The next step is enqueued after the run record
 * moved on and the lease is released; a crash in between leaves a silent chain that the schedule revives
 * (sync-schedule.ts). A throw (network, Dataverse) leaves this message for the queue's retry, from the checkpoint.
 * After the last page the periodic diff marks followers WeChat no longer lists as not following (never deleted).
 */
import { WechatApiError } from '../../wechat/index.js';
import { diffFollowers } from './follower-diff.js';
import { syncFollowerPage } from './sync-page.js';
import { writeCompleted, writeFailed, writePaused, writeProgress } from './sync-row.js';
import { forgetRun, readRun, releaseLease, saveRun, takeLease } from './sync-run.js';
import { stepTask, type FollowerSyncDeps, type SyncTask } from './sync-deps.js';

export type StepOutcome = 'more' | 'completed' | 'paused' | 'failed' | 'skipped';

export async function runSyncStep(task: SyncTask, deps: FollowerSyncDeps): Promise<StepOutcome> {
  const { appid } = task;
  const run = await readRun(deps.kv, appid);
  if (!run || run.runId !== task.runId || run.step !== task.step || run.state !== 'running') {
    deps.logger.info('follower sync step not current; dropped', { authorizerAppid: appid, step: task.step });
    return 'skipped';
  }
  if (!(await takeLease(deps.kv, appid, `${task.runId}:${task.step}`, deps.clock.now()))) {
    deps.logger.info('follower sync step already running elsewhere; dropped', { authorizerAppid: appid, step: task.step });
    return 'skipped';
  }
  let leased = true;
  const release = async () => {
    if (leased) await releaseLease(deps.kv, appid);
    leased = false;
  };
  try {
    const bound = await deps.bindings.resolve(appid);
    if (!bound || bound.organizationId !== run.organizationId || bound.officialAccountId !== run.officialAccountId) {
      // Unbound or moved to another org: stop writing; the checkpoint stays for a sync started later.
      await forgetRun(deps.kv, appid);
      return 'skipped';
    }
    const { org, officialAccountId: accountId } = bound;
    const token = deps.tokens.forAuthorizer(appid);
    const now = () => deps.clock.now();
    const outcome = await syncFollowerPage(appid, accountId, { users: deps.users, token, org, checkpoints: deps.kv, now, ...deps.page });
    switch (outcome.kind) {
      case 'more': {
        await writeProgress(org, accountId, outcome.checkpoint.synced, outcome.checkpoint.total);
        const step = run.step + 1;
        await saveRun(deps.kv, appid, { ...run, step, heartbeatAt: now() });
        await release();
        await deps.tasks.enqueue(stepTask(appid, run.runId, step));
        return 'more';
      }
      case 'completed': {
        await writeCompleted(org, accountId, outcome.synced, outcome.total, now());
        await forgetRun(deps.kv, appid);
        await release();
        deps.logger.info('follower sync completed', { authorizerAppid: appid, synced: outcome.synced, total: outcome.total });
        await diffAfterSync(appid, accountId, { users: deps.users, token, org, now }, deps);
        return 'completed';
      }
      case 'paused': {
        const { synced, total } = outcome.checkpoint;
        await writePaused(org, accountId, synced, total, outcome.resumeOn, outcome.reason);
        await saveRun(deps.kv, appid, { ...run, state: 'paused', resumeOn: outcome.resumeOn, heartbeatAt: now() });
        deps.logger.warn('follower sync paused by WeChat quota', { authorizerAppid: appid, resumeOn: new Date(outcome.resumeOn).toISOString() });
        return 'paused';
      }
      case 'failed': {
        await writeFailed(org, accountId, outcome.reason);
        await forgetRun(deps.kv, appid);
        deps.logger.warn('follower sync failed', { authorizerAppid: appid });
        return 'failed';
      }
    }
  } finally {
    await release();
  }
}

/**
 * The diff is bookkeeping after a complete sync (the run is already recorded as done, so a retry never starts the
 * sync over): whatever stops it is logged, and the next scheduled sync diffs again.
 */
async function diffAfterSync(appid: string, accountId: string, diffDeps: Parameters<typeof diffFollowers>[1], deps: FollowerSyncDeps): Promise<void> {
  try {
    const diff = await diffFollowers(accountId, diffDeps);
    deps.logger.info('follower diff done', { authorizerAppid: appid, ...diff });
  } catch (err) {
    const errcode = err instanceof WechatApiError ? err.errcode : undefined;
    deps.logger.warn('follower diff stopped', {
      authorizerAppid: appid,
      ...(errcode !== undefined && { errcode }),
      error: err instanceof Error ? err.name : 'unknown',
    });
  }
}

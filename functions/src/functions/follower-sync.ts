/**
 * Every 10 minutes: the follower sync's schedule (relay/followers/sync-schedule.ts): paused syncs continue after
 * WeChat's quota resets, silent chains are revived, and each account's daily full sync starts from 03:00 Beijing time.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function followerSync(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.followerSyncTick(logger);
  logger.info('follower sync schedule done', {
    started: report.started.length,
    resumed: report.resumed.length,
    revived: report.revived.length,
    failed: report.failed.length,
  });
}

app.timer('followerSync', { schedule: '0 */10 * * * *', handler: followerSync });

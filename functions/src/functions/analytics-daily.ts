/**
 * Hourly at :15 and once at start: each account's missing days of follower figures into wxm_dailystat
 * (relay/analytics). 00:15 UTC is 08:15 Beijing, just after WeChat has counted yesterday; every other run finds
 * nothing to do (one shared-store read per account) unless a run was missed, which it back-fills. Running at start
 * is safe for the same reason: what is fetched is remembered per account. The same run sweeps disabled users'
 * bindings that the systemuser step missed.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function analyticsDaily(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.fetchDailyStats(logger);
  logger.info('daily statistics done', { ...report });
  // The hourly catch-up of disabled users' bindings (relay/binding/sweep-disabled.ts): one query per bound org.
  const swept = await services.sweepDisabledUsers(logger);
  logger.info('disabled users swept', { ...swept });
}

app.timer('analyticsDaily', { schedule: '0 15 * * * *', runOnStartup: true, handler: analyticsDaily });

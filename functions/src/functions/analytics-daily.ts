/**
 * Every 3 hours at :15 (00:15 UTC is 08:15 Beijing, just after WeChat has counted yesterday): each account's
 * missing days of follower figures into wxm_dailystat (relay/analytics). Later runs of the day find nothing to do
 * unless a run was missed, which they back-fill.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function analyticsDaily(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.fetchDailyStats(logger);
  logger.info('daily statistics done', { ...report });
}

app.timer('analyticsDaily', { schedule: '0 15 */3 * * *', runOnStartup: false, handler: analyticsDaily });

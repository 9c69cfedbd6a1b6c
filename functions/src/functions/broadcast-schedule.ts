/**
 * Every minute: scheduled broadcasts whose Send On came are sent, a mass send a stopped relay left half-way is
 * resumed (no chunk twice), and a send no administrator confirmed within 30 minutes ("API 群发保护") is marked
 * Failed (relay/broadcasts/schedule.ts).
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function broadcastSchedule(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.broadcastTick(logger);
  logger.info('broadcast timer done', { started: report.started, resumed: report.resumed, expired: report.expired, failed: report.failed.length });
}

app.timer('broadcastSchedule', { schedule: '0 * * * * *', handler: broadcastSchedule });

/** Every 5 minutes: refresh component and authorizer tokens before they expire. */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function tokenRefresh(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.refreshTokens(logger);
  logger.info('maintenance done', { refreshed: report.refreshed.length, failed: report.failed.length });
}

app.timer('tokenRefresh', { schedule: '0 */5 * * * *', runOnStartup: true, handler: tokenRefresh });

/** Every 5 minutes: refresh component and authorizer tokens before they expire; forget old delivery keys. */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function tokenRefresh(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.refreshTokens(logger);
  const purged = await services.purgeLedger();
  logger.info('maintenance done', { refreshed: report.refreshed.length, failed: report.failed.length, purged });
}

app.timer('tokenRefresh', { schedule: '0 */5 * * * *', runOnStartup: true, handler: tokenRefresh });

/**
 * Every 30 minutes: tags made in the MP console reach Dataverse (every 6 hours per account), and audience tags are
 * kept in step with their marketing lists and views (relay/tags/audience/audience-tick.ts).
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function audienceSync(_timer: Timer, context: InvocationContext): Promise<void> {
  const { services, logger: invocationLogger } = currentRelay();
  const logger = invocationLogger(context);
  const report = await services.audienceTick(logger);
  logger.info('audience timer done', { tagSyncs: report.tagSyncs.length, audiences: report.audiences, failed: report.failed.length });
}

app.timer('audienceSync', { schedule: '0 5,35 * * * *', handler: audienceSync });

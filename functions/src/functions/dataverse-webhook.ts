/**
 * POST /api/dataverse/webhook — Dataverse service endpoint (webhook) for Signed Service and outbound message
 * changes. Function-level key (the WebhookKey registered by `npm run register-webhooks`). Only a hint: queued,
 * then re-read from the org with its own application user.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { callbackErrorResponse, text } from './http-errors.js';

/** A RemoteExecutionContext with a long memo field stays far below this. */
const MAX_WEBHOOK_BYTES = 512 * 1024;

export async function dataverseWebhook(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay().forInvocation(context);
  try {
    const bytes = Buffer.from(await request.arrayBuffer());
    if (bytes.length > MAX_WEBHOOK_BYTES) return text(413, 'payload too large');
    const outcome = await relay.acceptWebhook(bytes.toString('utf8'));
    return text(outcome === 'queued' ? 202 : 200, outcome);
  } catch (err) {
    return callbackErrorResponse(err, relay.logger, 'dataverse/webhook');
  }
}

app.http('dataverseWebhook', { route: 'dataverse/webhook', methods: ['POST'], authLevel: 'function', handler: dataverseWebhook });

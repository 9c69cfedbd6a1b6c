/**
 * POST /api/dataverse/webhook — Dataverse service endpoint (webhook) for Signed Service and outbound message
 * changes. Only a hint: checked, queued, then re-read from the org with its own application user.
 *
 * Authentication is the org's own webhook key in the `x-wxm-webhook-key` header (relay/webhook/webhook-key.ts),
 * checked against the OrganizationId the hint names. The route is `anonymous` at the Functions level on purpose:
 * a function key is one key for every customer (each admin who registered the webhook would hold the key that
 * forges hints about every other org), and it travels as `?code=` in URLs; the per-org key replaces it.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { WEBHOOK_KEY_HEADER } from '../relay/webhook/webhook-key.js';
import { callbackErrorResponse, text } from './http-errors.js';
import { readCallbackBody } from './read-body.js';

/** A RemoteExecutionContext with a long memo field stays far below this (Dataverse itself cuts at 256 KB). */
const MAX_WEBHOOK_BYTES = 512 * 1024;

export async function dataverseWebhook(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  try {
    const body = await readCallbackBody(request, MAX_WEBHOOK_BYTES);
    const outcome = await relay.services.acceptWebhook(body, request.headers.get(WEBHOOK_KEY_HEADER), logger);
    return text(outcome === 'queued' ? 202 : 200, outcome);
  } catch (err) {
    return callbackErrorResponse(err, logger, 'dataverse/webhook');
  }
}

app.http('dataverseWebhook', { route: 'dataverse/webhook', methods: ['POST'], authLevel: 'anonymous', handler: dataverseWebhook });

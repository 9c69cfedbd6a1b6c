/**
 * GET /api/signed-services/{organizationId}/{signedServiceId}/status — what the relay last concluded about a
 * Signed Service, for its form in Dynamics: even when the credentials are too wrong to write the status into
 * the row itself. Anonymous but harmless: a state and a reason text, never a credential; both ids are GUIDs.
 * Rate-limited per client (rate-limit.ts); storage down is 503 (the form asks again), never 500.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { StorageUnavailable } from '../relay/errors.js';
import { RATE_LIMITS, rateLimited } from './rate-limit.js';
import { GUID_PATTERN as GUID } from '../kernel/guid.js';

export async function signedServiceStatus(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { organizationId = '', signedServiceId = '' } = request.params;
  const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  if (!GUID.test(organizationId) || !GUID.test(signedServiceId)) return { status: 400, jsonBody: { error: 'ids must be GUIDs' }, headers };
  const relay = currentRelay();
  try {
    const status = await relay.services.signedServiceStatus(organizationId, signedServiceId);
    return status ? { status: 200, jsonBody: status, headers } : { status: 404, jsonBody: { error: 'unknown signed service' }, headers };
  } catch (err) {
    if (!(err instanceof StorageUnavailable)) throw err;
    relay.logger(context).error('storage unavailable', { route: 'signed-services/{org}/{id}/status', detail: err.message });
    return { status: 503, jsonBody: { error: 'storage unavailable' }, headers: { ...headers, 'retry-after': '5' } };
  }
}

app.http('signedServiceStatus', {
  route: 'signed-services/{organizationId}/{signedServiceId}/status',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: rateLimited(RATE_LIMITS.signedServiceStatus, signedServiceStatus),
});

/**
 * GET /api/signed-services/{organizationId}/{signedServiceId}/status — what the relay last concluded about a
 * Signed Service, for its form in Dynamics: even when the credentials are too wrong to write the status into
 * the row itself. Anonymous but harmless: a state and a reason text, never a credential; both ids are GUIDs.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function signedServiceStatus(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { organizationId = '', signedServiceId = '' } = request.params;
  const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  if (!GUID.test(organizationId) || !GUID.test(signedServiceId)) return { status: 400, jsonBody: { error: 'ids must be GUIDs' }, headers };
  const status = await currentRelay().forInvocation(context).signedServiceStatus(organizationId, signedServiceId);
  return status ? { status: 200, jsonBody: status, headers } : { status: 404, jsonBody: { error: 'unknown signed service' }, headers };
}

app.http('signedServiceStatus', {
  route: 'signed-services/{organizationId}/{signedServiceId}/status',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: signedServiceStatus,
});

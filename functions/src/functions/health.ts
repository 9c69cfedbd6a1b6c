/**
 * GET /api/health (anonymous): `{ "status": "ok" | "degraded" | "unavailable" }`, nothing else, for load balancers
 * and uptime checks. GET /api/health/details (function key): storage, verify-ticket age, token freshness,
 * authorizer counts, queue depths and the alternate keys found pending per org. No secrets in either.
 *
 * The details are a function-level route, so the key is checked by the host, the same way in Azure (host or
 * function keys in `x-functions-key` or `?code=`, managed and rotated by the platform) and in the local devhost
 * (RELAY_FUNCTION_KEY, compared in constant time): the relay never handles the key itself, and Azure does not need
 * a copy of it in the app settings.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#api-key-authorization
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { RATE_LIMITS, rateLimited } from './rate-limit.js';

const NO_STORE = { 'cache-control': 'no-store' };

export async function health(_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const summary = await currentRelay().services.healthSummary();
  return { status: summary.status === 'unavailable' ? 503 : 200, jsonBody: { status: summary.status }, headers: NO_STORE };
}

export async function healthDetails(_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const report = await currentRelay().services.health();
  return { status: report.status === 'unavailable' ? 503 : 200, jsonBody: report, headers: NO_STORE };
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: rateLimited(RATE_LIMITS.health, health) });
app.http('healthDetails', { route: 'health/details', methods: ['GET'], authLevel: 'function', handler: healthDetails });

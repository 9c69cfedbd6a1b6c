/** GET /api/health — storage, ticket age, token freshness, queue depths. No secrets. */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';

export async function health(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const report = await currentRelay().forInvocation(context).health();
  return { status: report.status === 'unavailable' ? 503 : 200, jsonBody: report, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: health });

/**
 * Runs a $batch: parts in order; each change set atomically (all-or-nothing, Content-ID references); without
 * `Prefer: odata.continue-on-error` the batch stops at the first failure and answers with its status, and the
 * body still holds the multipart response (the failure is its last part).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#handling-errors
 *
 * A failed change set is answered the way Dataverse does it, not the way OData 4.0 §11.7.4 describes it: a
 * nested `changesetresponse_` part that holds only the failing request's response, with that request's
 * Content-ID (responses captured from real orgs show this shape, e.g. a 404 0x80060888 answered as
 * `--changesetresponse_…` / `Content-ID: 1` / `HTTP/1.1 404 Not Found` with nothing for the other requests).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, DataverseError } from '../errors.js';
import { preferences } from '../api/query.js';
import { relativePath } from '../api/resolve.js';
import type { ApiRequest, ApiResponse, Scope } from '../api/types.js';
import { formatBatch, parseBatch, type HttpPart, type ItemResponse, type PartResponse } from './multipart.js';

/** "Batch requests can contain up to 1000 individual requests." */
export const MAX_BATCH_REQUESTS = 1000;

type Route = (scope: Scope, req: ApiRequest) => ApiResponse;

function toRequest(scope: Scope, part: HttpPart): ApiRequest {
  const path = relativePath(scope, part.url);
  const q = path.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(part.headers)) headers[k.toLowerCase()] = v;
  return { method: part.method, path: q < 0 ? path : path.slice(0, q), query: new URLSearchParams(q < 0 ? '' : path.slice(q + 1)), headers, body: part.body };
}

function errorPart(e: unknown, contentId?: string): PartResponse {
  const err = e instanceof DataverseError ? e : new DataverseError(500, '0x80040216', e instanceof Error ? e.message : String(e));
  return { contentId, status: err.status, headers: { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0' }, body: err.toJSON() };
}

function run(scope: Scope, route: Route, part: HttpPart): PartResponse {
  const res = route(scope, toRequest(scope, part));
  if (part.contentId && res.headers['OData-EntityId']) scope.contentIds.set(part.contentId, res.headers['OData-EntityId']);
  return { contentId: part.contentId, status: res.status, headers: res.headers, body: res.body };
}

export function executeBatch(scope: Scope, req: ApiRequest, route: Route): ApiResponse {
  const items = parseBatch(req.body, req.headers['content-type']);
  const count = items.reduce((n, i) => n + (i.kind === 'changeset' ? i.parts.length : 1), 0);
  if (count > MAX_BATCH_REQUESTS) throw badRequest(`The number of requests in the batch (${count}) exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  for (const item of items) {
    if (item.kind === 'changeset' && item.parts.some((p) => p.method === 'GET')) throw badRequest('GET requests are not allowed in a change set.');
  }
  const continueOnError = preferences(req).continueOnError;
  const responses: ItemResponse[] = [];
  let failure: number | undefined;
  for (const item of items) {
    const eventsBefore = scope.events.length;
    let failed: PartResponse | undefined;
    if (item.kind === 'request') {
      try {
        responses.push({ kind: 'single', response: run(scope, route, item.part) });
      } catch (e) {
        failed = errorPart(e, item.part.contentId);
      }
    } else {
      scope.contentIds.clear();
      let current: HttpPart | undefined;
      try {
        const done = scope.store.transaction(() => item.parts.map((p) => run(scope, route, (current = p))));
        responses.push({ kind: 'changeset', responses: done });
      } catch (e) {
        // The change set was rolled back: none of its webhooks may fire, and its answer is the one error.
        scope.events.length = eventsBefore;
        failed = errorPart(e, current?.contentId);
      }
    }
    if (failed) {
      responses.push(item.kind === 'changeset' ? { kind: 'changeset', responses: [failed] } : { kind: 'single', response: failed });
      if (!continueOnError) {
        failure = failed.status;
        break;
      }
    }
  }
  const batchId = randomUUID();
  return {
    status: failure ?? 200,
    headers: { 'Content-Type': `multipart/mixed; boundary=batchresponse_${batchId}`, 'OData-Version': '4.0' },
    body: formatBatch(responses, batchId, randomUUID),
  };
}

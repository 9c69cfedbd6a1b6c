/**
 * What every storage request of the relay gets, whichever adapter sends it:
 *
 * - A deadline. A callback must be stored or refused (503, so WeChat retries) inside WeChat's 5 seconds, and the
 *   SDKs' own timeouts are far longer (or, for Queues and Blobs, only a server-side `timeout` parameter, which a
 *   frozen connection never answers). Point operations get STORAGE_DEADLINES.callMs in all, retries included;
 *   queries get longer, because the Table service may spend up to 5 s on one page of a scan before it answers
 *   with a continuation (they are never on a callback's path).
 * - JSON bodies in ASCII. Azurite decodes a Table request body one ~64 KiB socket chunk at a time, so a UTF-8
 *   character split by a chunk boundary becomes U+FFFD. `\uXXXX` escapes are the same JSON and cannot be split.
 *
 * Docs: https://learn.microsoft.com/azure/developer/javascript/sdk/pipeline-policies (additionalPolicies),
 *       https://learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination,
 *       https://www.rfc-editor.org/rfc/rfc8259#section-7 (string escapes)
 */
import type { TableServiceClientOptions } from '@azure/data-tables';

type TablePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];
type PipelineRequest = Parameters<TablePolicy['sendRequest']>[0];
type SignalLike = PipelineRequest['abortSignal'];

export const STORAGE_DEADLINES = {
  /** One point operation (read, insert, update, delete, send, lease), every try of it together. */
  callMs: 1_500,
  /** One page of a Table query. */
  queryMs: 6_000,
} as const;

/** For Queue and Blob calls (their pipelines take no extra policies): pass as the operation's options. */
export function storageDeadline(ms: number = STORAGE_DEADLINES.callMs): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(ms) };
}

/** Table requests: a deadline per call (perCall: it covers the SDK's retries too). */
export function tableDeadlinePolicy(deadlines: { callMs: number; queryMs: number } = STORAGE_DEADLINES): TablePolicy {
  return {
    name: 'wxmTableDeadline',
    sendRequest(request, next) {
      request.abortSignal = withDeadline(isQuery(request) ? deadlines.queryMs : deadlines.callMs, request.abortSignal);
      return next(request);
    },
  };
}

/**
 * Storage requests this process sent, per service: every HTTP try of a Table request (a `$batch` transaction is
 * one), every Queue call (StorageQueue counts its own). `npm run bench:callbacks` reads them to report storage
 * operations per callback; a counter costs an increment.
 */
export const storageRequestCounts = { table: 0, queue: 0 };

/** Table requests: counted (perRetry, so each try on the wire counts). */
export const countTableRequestsPolicy: TablePolicy = {
  name: 'wxmCountTableRequests',
  sendRequest(request, next) {
    storageRequestCounts.table++;
    return next(request);
  },
};

/** Table requests: non-ASCII characters of a JSON body written as `\uXXXX` (surrogate pairs as two escapes). */
export const asciiJsonBodyPolicy: TablePolicy = {
  name: 'wxmAsciiJsonBody',
  sendRequest(request, next) {
    const type = request.headers.get('content-type') ?? '';
    if (typeof request.body === 'string' && /json/i.test(type) && NON_ASCII.test(request.body)) {
      request.body = escapeNonAscii(request.body);
    }
    return next(request);
  },
};

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const NON_ASCII = /[^\x00-\x7f]/;

/** Outside strings JSON is ASCII, so every such unit is inside a string, where `\uXXXX` means the same. */
export function escapeNonAscii(json: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
  return json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** GET on a table's entity set (`/Table()`, `/Tables`) is a query; `/Table(PartitionKey='…',RowKey='…')` is a point read. */
function isQuery(request: PipelineRequest): boolean {
  if (request.method !== 'GET') return false;
  return !/\(PartitionKey=|%28PartitionKey%3D/i.test(new URL(request.url).pathname);
}

function withDeadline(ms: number, outer: SignalLike): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  if (!outer) return timeout;
  if (outer instanceof AbortSignal) return AbortSignal.any([outer, timeout]);
  const linked = new AbortController();
  if (outer.aborted) linked.abort();
  else outer.addEventListener('abort', () => linked.abort());
  return AbortSignal.any([linked.signal, timeout]);
}

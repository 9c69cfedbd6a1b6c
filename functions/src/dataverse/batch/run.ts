/**
 * `batch(changeSets)`: change sets packed into `$batch` requests of at most `maxOperations` operations (Dataverse
 * allows 1000), sent one after another (so the caller's order holds), each with `Prefer: odata.continue-on-error`
 * so that one failing change set does not stop the others. A change set of one operation is sent as a plain part:
 * it is atomic anyway, and a create-only upsert that finds its row then reads as `{ ok: true, exists: true }`
 * instead of failing a change set. Nothing here throws for Dataverse's answers: a refused or unreachable request
 * becomes the outcome of each of its operations; a failed change set is mapped by responses.ts (the failure to its
 * operation by Content-ID, the others rolled back).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 */
import { randomUUID } from 'node:crypto';
import { DataverseError } from '../errors.js';
import type { FetchLike } from '../token/network.js';
import type { WriteOperation, WriteOutcome } from '../types.js';
import { httpError, networkError } from '../web-api-errors.js';
import { boundaryOf, buildBatch, parseBatchResponse, type BatchItem, type ItemResponse } from './multipart.js';
import { checkOperation, partError, toPart } from './operations.js';
import { mapResponses } from './responses.js';

export const MAX_BATCH_OPERATIONS = 1000;

export interface BatchContext {
  /** `<origin>/api/data/v9.2/` */
  serviceRoot: string;
  host: string;
  token: () => Promise<string>;
  fetch: FetchLike;
  clock: () => number;
  timeoutMs: number;
  maxOperations: number;
  /** Sees every `$batch` response's headers (lower-case names) and its operation count: the execution budget. */
  observe?: (headers: Record<string, string>, operations: number) => void;
  /** Runs one HTTP request under the org's pacing and 429 retries. */
  paced: <T>(send: () => Promise<T>, toError: (e: unknown) => DataverseError) => Promise<T>;
}

/** Content-IDs for a change set: the caller's own, and free numbers for the rest. */
function contentIds(ops: WriteOperation[]): string[] {
  const own = (op: WriteOperation) => ('contentId' in op ? op.contentId : undefined);
  const taken = new Set(ops.map(own).filter((id): id is string => id !== undefined));
  let next = 1;
  return ops.map((op) => {
    const id = own(op);
    if (id !== undefined) return id;
    while (taken.has(String(next))) next++;
    taken.add(String(next));
    return String(next);
  });
}

const isMultipart = (contentType: string | null) => (contentType ?? '').toLowerCase().startsWith('multipart/mixed') && boundaryOf(contentType) !== undefined;

async function send(ctx: BatchContext, items: BatchItem[]): Promise<ItemResponse[]> {
  const operations = items.reduce((n, i) => n + (i.kind === 'changeset' ? i.requests.length : 1), 0);
  const { contentType, body } = buildBatch(items, randomUUID);
  return ctx.paced(
    async () => {
      const token = await ctx.token();
      const res = await ctx.fetch(`${ctx.serviceRoot}$batch`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': contentType,
          Accept: 'application/json',
          'OData-Version': '4.0',
          'OData-MaxVersion': '4.0',
          Prefer: 'odata.continue-on-error',
        },
        body,
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
      const text = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      ctx.observe?.(headers, operations);
      // A $batch that stopped at a failure answers with that failure's status and still carries the multipart
      // body (the answered items, the failure last): read it, so each item gets its own outcome. Anything else
      // (401, 429, a gateway's 5xx) is an error for the whole request.
      if (res.status !== 200 && !isMultipart(res.headers.get('content-type')))
        throw partError(ctx.host, { status: res.status, headers, body: text }, ctx.clock());
      return parseBatchResponse(res.headers.get('content-type'), text);
    },
    (e) =>
      e instanceof DataverseError
        ? e
        : e instanceof Error && e.message.startsWith('A $batch response')
          ? httpError(ctx.host, 502, '', e.message, {}, ctx.clock())
          : networkError(ctx.host, e),
  );
}

async function runChunk(ctx: BatchContext, sets: WriteOperation[][]): Promise<WriteOutcome[][]> {
  const ids = sets.map(contentIds);
  const items = sets.map((ops, i): BatchItem => {
    if (ops.length === 1 && ops[0]) return { kind: 'single', request: toPart(ops[0], ctx.serviceRoot, undefined) };
    return { kind: 'changeset', requests: ops.map((op, j) => toPart(op, ctx.serviceRoot, ids[i]?.[j])) };
  });
  try {
    return mapResponses({ host: ctx.host, clock: ctx.clock }, sets, ids, await send(ctx, items));
  } catch (e) {
    const error = (e instanceof DataverseError ? e : networkError(ctx.host, e)).info();
    return sets.map((ops) => ops.map(() => ({ ok: false, error })));
  }
}

export async function runBatch(ctx: BatchContext, changeSets: WriteOperation[][]): Promise<WriteOutcome[][]> {
  const outcomes: WriteOutcome[][] = changeSets.map(() => []);
  const limit = Math.min(MAX_BATCH_OPERATIONS, ctx.maxOperations);
  let chunk: number[] = [];
  let size = 0;
  const flush = async () => {
    const results = await runChunk(
      ctx,
      chunk.map((i) => changeSets[i] ?? []),
    );
    chunk.forEach((index, k) => (outcomes[index] = results[k] ?? []));
    chunk = [];
    size = 0;
  };
  for (const [index, ops] of changeSets.entries()) {
    if (ops.length === 0) continue;
    try {
      if (ops.length > limit)
        throw new DataverseError(
          'invalid',
          0,
          'ChangeSetTooLarge',
          `A change set of ${ops.length} operations cannot be atomic: a $batch holds at most ${limit}.`,
        );
      ops.forEach(checkOperation);
    } catch (e) {
      const error = (e as DataverseError).info();
      outcomes[index] = ops.map(() => ({ ok: false, error }));
      continue;
    }
    if (size + ops.length > limit) await flush();
    chunk.push(index);
    size += ops.length;
  }
  if (chunk.length) await flush();
  return outcomes;
}

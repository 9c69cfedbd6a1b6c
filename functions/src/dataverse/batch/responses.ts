/**
 * Dataverse's answers to a `$batch`, mapped back to the operations that were sent: one WriteOutcome per operation,
 * in the caller's shape (one array per change set).
 *
 * A change set that fails is rolled back as a whole and answered with only the failing request's response. Real
 * Dataverse wraps that one response in a nested `changesetresponse_` part carrying the failing request's
 * Content-ID (captured response: `--changesetresponse_…` / `Content-ID: 1` / `HTTP/1.1 404 Not Found` /
 * `{"error":{"code":"0x80060888",…}}`, nothing for the other requests); OData 4.0 §11.7.4 describes a plain
 * application/http part instead. Both shapes are read the same way: the failure goes to the operation whose
 * Content-ID it carries, the other operations of that change set are reported as rolled back (nothing of them
 * was written, and nothing of them failed), never as transient failures that would be retried.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#handling-errors
 * http://docs.oasis-open.org/odata/odata/v4.0/errata03/os/complete/part1-protocol/odata-v4.0-errata03-os-part1-protocol-complete.html#_Toc453752313
 */
import type { DataverseErrorInfo, WriteOperation, WriteOutcome } from '../types.js';
import type { ItemResponse, PartResponse } from './multipart.js';
import { outcomeOf, partError, rolledBack } from './operations.js';

export interface ResponseContext {
  host: string;
  clock: () => number;
}

const succeeded = (part: PartResponse) => part.status >= 200 && part.status < 300;

const notExecuted = (): WriteOutcome => ({
  ok: false,
  error: { kind: 'transient', status: 0, code: 'NotExecuted', message: 'Dataverse did not run this change set (the $batch stopped before it).' },
});

/** The failing part of a rolled-back change set → its operation's error, the others rolled back. */
function failedChangeSet(ctx: ResponseContext, ops: WriteOperation[], ids: string[], failure: PartResponse): WriteOutcome[] {
  const cause: DataverseErrorInfo = partError(ctx.host, failure, ctx.clock()).info();
  const failed = failure.contentId === undefined ? -1 : ids.indexOf(failure.contentId.trim());
  // Without a Content-ID we cannot say which operation failed: each carries the cause, none is marked rolled back.
  if (failed < 0) return ops.map(() => ({ ok: false, error: cause }));
  return ops.map((_, j) => (j === failed ? { ok: false, error: cause } : rolledBack(cause, failed)));
}

function changeSetOutcomes(ctx: ResponseContext, ops: WriteOperation[], ids: string[], response: ItemResponse): WriteOutcome[] {
  if (response.kind === 'single') {
    if (ops.length === 1 && ops[0]) return [outcomeOf(ops[0], response.response, ctx.host, ctx.clock())];
    return failedChangeSet(ctx, ops, ids, response.response);
  }
  const failure = response.responses.find((part) => !succeeded(part));
  if (failure) return failedChangeSet(ctx, ops, ids, failure);
  // A committed change set answers every request; match them by Content-ID, in order when there is none.
  return ops.map((op, j) => {
    const byId = response.responses.find((part) => part.contentId !== undefined && part.contentId.trim() === ids[j]);
    const part = byId ?? (response.responses.every((p) => p.contentId === undefined) ? response.responses[j] : undefined);
    return part
      ? outcomeOf(op, part, ctx.host, ctx.clock())
      : { ok: false, error: { kind: 'transient', status: 0, code: 'NotAnswered', message: 'The change set response has no part for this operation.' } };
  });
}

/** `sets[i]` was sent as batch item i with Content-IDs `ids[i]`; `responses` are Dataverse's items in order. */
export function mapResponses(ctx: ResponseContext, sets: WriteOperation[][], ids: string[][], responses: ItemResponse[]): WriteOutcome[][] {
  return sets.map((ops, i) => {
    const response = responses[i];
    return response ? changeSetOutcomes(ctx, ops, ids[i] ?? [], response) : ops.map(notExecuted);
  });
}

/**
 * One WriteOperation as a $batch part, and its answer as a WriteOutcome.
 * Requests: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api ,
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#upsert-a-table-row ,
 * conditional headers: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { DataverseError } from '../errors.js';
import { keySegment } from '../keys.js';
import type { DataverseErrorInfo, Row, WriteOperation, WriteOutcome } from '../types.js';
import { httpError, isDuplicateKey } from '../web-api-errors.js';
import type { PartRequest, PartResponse } from './multipart.js';

const ENTITY_SET = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** https://learn.microsoft.com/power-apps/developer/data-platform/bypass-custom-business-logic (optional parameter BypassBusinessLogicExecutionStepIds) */
export const BYPASS_STEPS_HEADER = 'MSCRM.BypassBusinessLogicExecutionStepIds';

/** The header naming the steps this write skips, when it names any. */
function bypassHeader(op: WriteOperation): Record<string, string> {
  const steps = 'bypassSteps' in op ? op.bypassSteps : undefined;
  return steps && steps.length > 0 ? { [BYPASS_STEPS_HEADER]: steps.join(',') } : {};
}

/** Refuses an operation that cannot be sent (a bug in the caller): DataverseError 'invalid'. */
export function checkOperation(op: WriteOperation): void {
  if (!ENTITY_SET.test(op.entitySet)) throw new DataverseError('invalid', 0, 'InvalidEntitySet', `'${op.entitySet}' is not an entity set name.`);
  if (op.kind !== 'create' && !op.key) throw new DataverseError('invalid', 0, 'MissingKey', `A ${op.kind} of ${op.entitySet} needs a key.`);
  if ((op.kind === 'associate' || op.kind === 'disassociate') && (!ENTITY_SET.test(op.navigation) || !ENTITY_SET.test(op.relatedSet) || !op.relatedKey))
    throw new DataverseError('invalid', 0, 'InvalidPairing', `A ${op.kind} needs a navigation property, the related entity set and its key.`);
  const steps = 'bypassSteps' in op ? op.bypassSteps : undefined;
  if (steps?.some((id) => !GUID.test(id)))
    throw new DataverseError('invalid', 0, 'InvalidStepId', `Steps to bypass are named by their sdkmessageprocessingstep id (a GUID).`);
  if (op.kind === 'upsert' && op.ifMatch !== undefined && op.ifNoneMatch)
    throw new DataverseError('invalid', 0, 'ConflictingConditions', 'An upsert takes ifMatch or ifNoneMatch, not both.');
}

export function toPart(op: WriteOperation, serviceRoot: string, contentId: string | undefined): PartRequest {
  switch (op.kind) {
    case 'create':
      return { method: 'POST', url: `${serviceRoot}${op.entitySet}`, headers: bypassHeader(op), body: JSON.stringify(op.data), contentId };
    case 'upsert': {
      const headers: Record<string, string> = bypassHeader(op);
      if (op.ifMatch !== undefined) headers['If-Match'] = op.ifMatch;
      if (op.ifNoneMatch) headers['If-None-Match'] = '*';
      // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#update-and-retrieve-records-in-a-single-operation
      if (op.select) headers['Prefer'] = 'return=representation';
      const select = op.select ? `?$select=${op.select.join(',')}` : '';
      return { method: 'PATCH', url: `${serviceRoot}${op.entitySet}(${keySegment(op.key)})${select}`, headers, body: JSON.stringify(op.data), contentId };
    }
    case 'delete':
      return { method: 'DELETE', url: `${serviceRoot}${op.entitySet}(${keySegment(op.key)})`, headers: bypassHeader(op), contentId };
    case 'associate': {
      const body = JSON.stringify({ '@odata.id': `${serviceRoot}${op.relatedSet}(${keySegment(op.relatedKey)})` });
      return { method: 'POST', url: `${serviceRoot}${op.entitySet}(${keySegment(op.key)})/${op.navigation}/$ref`, headers: {}, body, contentId };
    }
    case 'disassociate':
      return {
        method: 'DELETE',
        url: `${serviceRoot}${op.entitySet}(${keySegment(op.key)})/${op.navigation}(${keySegment(op.relatedKey)})/$ref`,
        headers: {},
        contentId,
      };
  }
}

/** The row id in `OData-EntityId: …/set(<guid>)`. */
function entityId(headers: Record<string, string>): string | undefined {
  return /\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)\s*$/i.exec(headers['odata-entityid'] ?? '')?.[1]?.toLowerCase();
}

/** The row a write answered with (`Prefer: return=representation`), without its OData context. */
function representation(body: string): Row | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const { '@odata.context': _context, ...row } = parsed as Row;
    return row;
  } catch {
    return undefined;
  }
}

/** Dataverse's `{"error":{"code","message"}}` of a failed part. */
export function partError(host: string, response: PartResponse, nowMs: number): DataverseError {
  let code = '';
  let message = '';
  try {
    const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
    code = String(parsed.error?.code ?? '');
    message = String(parsed.error?.message ?? '');
  } catch {
    message = response.body.slice(0, 500);
  }
  return httpError(host, response.status, code, message, response.headers, nowMs);
}

export function outcomeOf(op: WriteOperation, response: PartResponse, host: string, nowMs: number): WriteOutcome {
  if (response.status >= 200 && response.status < 300) {
    const id = op.kind === 'create' || op.kind === 'upsert' ? entityId(response.headers) : undefined;
    const row = op.kind === 'upsert' && op.select ? representation(response.body) : undefined;
    return { ok: true, ...(id && { id }), ...(row && { row }) };
  }
  const error = partError(host, response, nowMs);
  // If-None-Match: * found the row: nothing was written, which is what a replayed create-only upsert wants. Only
  // that answer ("A record with matching key values already exists.", code '' or 0x80040237) means the row is
  // there: a 412 DuplicateRecordEntityKey says another alternate key of the row clashed, and nothing was written.
  if (op.kind === 'upsert' && op.ifNoneMatch && response.status === 412 && !isDuplicateKey(error)) return { ok: true, exists: true };
  return { ok: false, error: error.info() };
}

/** The outcome of the other operations of a change set that failed (and was rolled back) because of `cause`. */
export function rolledBack(cause: DataverseErrorInfo, failedIndex: number): WriteOutcome {
  return {
    ok: false,
    error: { ...cause, code: 'RolledBack', message: `Not written: operation ${failedIndex + 1} of this change set failed (${cause.code}: ${cause.message})` },
  };
}

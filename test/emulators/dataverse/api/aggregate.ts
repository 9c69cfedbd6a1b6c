/**
 * `$apply` as the relay uses it to count rows: `aggregate(<primary key> with countdistinct as <alias>)`, optionally
 * after a `filter(<expression>)/` transformation. Answered as Dataverse answers it: one row `{ <alias>: n }` in `value`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
 *
 * Dataverse aggregates at most 50,000 rows: when the filter matches more, the query is refused with
 * AggregateQueryRecordLimit (-2147164125, 0x8004E023, "AggregateQueryRecordLimit exceeded. Cannot perform this
 * operation."), and the caller has to count in narrower ranges (a date range, as Microsoft's page suggests).
 * https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data#limitations
 * Every other `$apply` (groupby, sum, average, $count as …) is refused as unsupported by the emulator, so a caller
 * cannot come to depend on something only the emulator was asked to do.
 */
import type { TableMeta } from '../metadata.js';
import { badRequest, DataverseError } from '../errors.js';
import { matches } from '../odata/evaluate.js';
import { parseFilter } from '../odata/filter.js';
import { readableBy } from '../security/access.js';
import { bindRelated, candidates } from '../odata/candidates.js';
import { authorize } from './resolve.js';
import { json, type ApiRequest, type ApiResponse, type Scope } from './types.js';

/** Dataverse online's AggregateQueryRecordLimit. */
export const AGGREGATE_RECORD_LIMIT = 50_000;

/** The HTTP status is not documented; Dataverse answers query faults of the caller's making with 400. */
export const aggregateLimitExceeded = () => new DataverseError(400, '0x8004e023', 'AggregateQueryRecordLimit exceeded. Cannot perform this operation.');

const AGGREGATE = /^aggregate\(\s*([A-Za-z0-9_]+)\s+with\s+countdistinct\s+as\s+([A-Za-z_][A-Za-z0-9_]*)\s*\)$/;

/** `filter(<expr>)/rest` → the expression and the rest, matching the parenthesis that closes `filter(`. */
function splitFilter(text: string): { filter?: string; rest: string } {
  if (!text.startsWith('filter(')) return { rest: text };
  let depth = 0;
  let quoted = false;
  for (let i = 'filter'.length; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth === 0) {
      if (text[i + 1] !== '/') break;
      return { filter: text.slice('filter('.length, i), rest: text.slice(i + 2) };
    }
  }
  throw badRequest(`The $apply value '${text}' is not valid.`);
}

export function aggregateQuery(scope: Scope, req: ApiRequest, table: TableMeta, apply: string, limit = AGGREGATE_RECORD_LIMIT): ApiResponse {
  authorize(scope, table, 'Read');
  for (const option of ['$filter', '$select', '$orderby', '$top', '$expand', '$count']) {
    if (req.query.has(option)) throw badRequest(`The query option '${option}' together with $apply is not supported by the Dataverse emulator.`);
  }
  const { filter: filterText, rest } = splitFilter(apply.trim());
  const m = AGGREGATE.exec(rest.trim());
  if (!m)
    throw badRequest(
      `The $apply value '${apply}' is not supported by the Dataverse emulator (only [filter(…)/]aggregate(<primary key> with countdistinct as <alias>)).`,
    );
  const [, column = '', alias = ''] = m;
  if (column !== table.primaryId) throw badRequest(`The Dataverse emulator counts by the primary key only ('${table.primaryId}'), not '${column}'.`);
  const filter = filterText === undefined ? undefined : bindRelated(scope, parseFilter(table, filterText));
  const readable = readableBy(scope, table);
  let count = 0;
  for (const row of candidates(scope, table, filter)) {
    if (!readable(row) || (filter && !matches(table, row, filter))) continue;
    if (++count > limit) throw aggregateLimitExceeded();
  }
  return json(200, { '@odata.context': `${scope.serviceRoot}$metadata#${table.entitySetName}`, value: [{ [alias]: count }] });
}

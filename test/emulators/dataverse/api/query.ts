/**
 * retrieveMultiple: $select, $filter, $orderby, $top, $count, $apply (counting only: aggregate.ts) and paging with `Prefer: odata.maxpagesize` and
 * `@odata.nextLink` / `$skiptoken`. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
 */
import type { TableMeta } from '../metadata.js';
import { badRequest, propertyNotFound } from '../errors.js';
import { matches, sortRows } from '../odata/evaluate.js';
import { parseFilter, type PropertyRef } from '../odata/filter.js';
import { readableProperties, represent } from '../values.js';
import { authorize } from './resolve.js';
import { readableBy } from '../security/access.js';
import { maskSecured } from '../security/fields.js';
import { json, type ApiRequest, type ApiResponse, type Scope } from './types.js';
import { expanded, parseExpand } from './associations.js';
import { aggregateQuery } from './aggregate.js';
import { bindRelated, candidates } from '../odata/candidates.js';

/** Dataverse's default and largest page (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results). */
const MAX_PAGE = 5000;

export function preferences(req: ApiRequest): { returnRepresentation: boolean; maxPageSize?: number; annotations: boolean; continueOnError: boolean } {
  const prefer = (req.headers.prefer ?? '').split(',').map((p) => p.trim());
  const size = prefer.find((p) => p.startsWith('odata.maxpagesize='));
  return {
    returnRepresentation: prefer.includes('return=representation'),
    maxPageSize: size ? Number(size.split('=')[1]) : undefined,
    annotations: prefer.some((p) => p.startsWith('odata.include-annotations')),
    continueOnError: prefer.includes('odata.continue-on-error'),
  };
}

export function parseSelect(table: TableMeta, text: string | null): string[] | undefined {
  if (!text) return undefined;
  const readable = new Set(readableProperties(table));
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (!readable.has(n)) throw propertyNotFound(n, table.logicalName);
  return names;
}

function parseOrderBy(table: TableMeta, text: string | null): { property: PropertyRef; desc: boolean }[] {
  if (!text) return [];
  return text.split(',').map((term) => {
    const [name = '', dir = 'asc', extra] = term.trim().split(/\s+/);
    if (extra !== undefined || (dir !== 'asc' && dir !== 'desc')) throw badRequest(`Syntax error at position ${term.length} in '${text}'.`);
    const lookup = table.lookupProperties.get(name);
    const column = lookup ?? table.columns.get(name);
    if (!column || (!lookup && (column.type === 'lookup' || column.type === 'owner'))) throw propertyNotFound(name, table.logicalName);
    return { property: { name, column, edm: '' }, desc: dir === 'desc' };
  });
}

/** The skiptoken Dataverse emits is a paging cookie; this one carries the page number and the row offset. */
function readSkipToken(text: string | null): number {
  if (!text) return 0;
  const m = /pagingcookie="(\d+)"/.exec(text);
  if (!m?.[1]) throw badRequest(`The $skiptoken value '${text}' is not valid.`);
  return Number(m[1]);
}

export function retrieveMultiple(scope: Scope, req: ApiRequest, table: TableMeta): ApiResponse {
  authorize(scope, table, 'Read');
  const apply = req.query.get('$apply');
  if (apply !== null) return aggregateQuery(scope, req, table, apply, scope.aggregateRecordLimit);
  for (const option of ['fetchXml', '$search', '$skip']) {
    if (req.query.has(option)) throw badRequest(`The query option '${option}' is not supported by the Dataverse emulator.`);
  }
  const select = parseSelect(table, req.query.get('$select'));
  const expand = parseExpand(table, req.query.get('$expand'));
  const filterText = req.query.get('$filter');
  const filter = filterText ? bindRelated(scope, parseFilter(table, filterText)) : undefined;
  const order = parseOrderBy(table, req.query.get('$orderby'));
  const topText = req.query.get('$top');
  const top = topText === null ? undefined : Number(topText);
  if (top !== undefined && (!Number.isInteger(top) || top < 0))
    throw badRequest(`Invalid value '${topText}' for $top query option found. The $top query option requires a non-negative integer value.`);

  const readable = readableBy(scope, table);
  let rows = candidates(scope, table, filter).filter((r) => readable(r) && (!filter || matches(table, r, filter)));
  rows = sortRows(table, rows, order);
  const total = rows.length;
  if (top !== undefined) rows = rows.slice(0, top);

  const prefs = preferences(req);
  const pageSize = Math.min(prefs.maxPageSize && prefs.maxPageSize > 0 ? prefs.maxPageSize : MAX_PAGE, MAX_PAGE);
  const offset = readSkipToken(req.query.get('$skiptoken'));
  const page = rows.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { '@odata.context': `${scope.serviceRoot}$metadata#${table.entitySetName}${select ? `(${select.join(',')})` : ''}` };
  if (req.query.get('$count') === 'true') body['@odata.count'] = Math.min(total, MAX_PAGE);
  body.value = page.map((r) => ({
    ...maskSecured(scope, table, represent(scope.meta, scope.store, table, r, { select, annotations: prefs.annotations })),
    ...expanded(scope, req, expand, r.id),
  }));
  if (offset + pageSize < rows.length) {
    const next = new URLSearchParams(req.query);
    const pageNumber = Math.floor(offset / pageSize) + 2;
    next.set('$skiptoken', `<cookie pagenumber="${pageNumber}" pagingcookie="${offset + pageSize}" istracking="False" />`);
    const query = [...next.entries()].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    body['@odata.nextLink'] = `${scope.serviceRoot}${table.entitySetName}?${query}`;
  }
  const headers: Record<string, string> = prefs.maxPageSize ? { 'Preference-Applied': `odata.maxpagesize=${prefs.maxPageSize}` } : {};
  return json(200, body, headers);
}

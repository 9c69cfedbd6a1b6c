/**
 * `GET <set>?savedQuery=<id>`: runs a system view (savedquery) as the caller, with the caller's read access, as the
 * Web API does. The view's FetchXML is read for what views of this product use (attributes, a filter of conditions
 * with and/or nesting, order, top) and answered as the equivalent `$select` / `$filter` / `$orderby` query, paged
 * the same way; anything else in the FetchXML (link-entity, aggregates) is refused as unsupported by the emulator.
 * Errors as Dataverse answers them: an unknown view is 404 0x80040217 "savedquery With Id = … Does Not Exist"; a view
 * of another table is 400.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-and-execute-predefined-queries#predefined-queries
 */
import { XMLParser } from 'fast-xml-parser';
import type { TableMeta } from '../metadata.js';
import { badRequest, DataverseError, recordNotFound } from '../errors.js';
import { GUID_RE } from '../odata/literals.js';
import { retrieveMultiple } from './query.js';
import type { ApiRequest, ApiResponse, Scope } from './types.js';

export const SAVED_QUERY_TABLE = 'savedquery';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['attribute', 'condition', 'filter', 'order', 'value'].includes(name),
});
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);
const attr = (n: Node, name: string): string | undefined => (typeof n[`@${name}`] === 'string' ? (n[`@${name}`] as string) : undefined);
const unsupported = (what: string) => badRequest(`The FetchXML ${what} is not supported by the Dataverse emulator.`);

export function savedQueryRows(scope: Scope, req: ApiRequest, table: TableMeta): ApiResponse {
  const id = (req.query.get('savedQuery') ?? '').replace(/^\{|\}$/g, '');
  const views = scope.meta.tables.get(SAVED_QUERY_TABLE);
  if (!views || !GUID_RE.test(id)) throw recordNotFound(SAVED_QUERY_TABLE, id);
  const view = scope.store.get(views, id.toLowerCase());
  if (!view) throw recordNotFound(SAVED_QUERY_TABLE, id);
  if (view.values.returnedtypecode !== table.logicalName) {
    throw new DataverseError(400, '0x80040203', `The savedquery ${id} returns ${String(view.values.returnedtypecode)} rows, not ${table.logicalName}.`);
  }
  const query = translate(table, String(view.values.fetchxml ?? ''));
  for (const [k, v] of req.query) if (k === '$skiptoken') query.set(k, v);
  return retrieveMultiple(scope, { ...req, query }, table);
}

function translate(table: TableMeta, fetchXml: string): URLSearchParams {
  const fetch = (parser.parse(fetchXml) as Node).fetch as Node | undefined;
  const entity = fetch?.entity as Node | undefined;
  if (!fetch || !entity) throw badRequest('The savedquery has no FetchXML <fetch><entity>.');
  if (attr(entity, 'name') !== table.logicalName) throw badRequest(`The FetchXML entity '${attr(entity, 'name')}' is not ${table.logicalName}.`);
  if (attr(fetch, 'aggregate') === 'true') throw unsupported('aggregate');
  if (entity['link-entity'] !== undefined) throw unsupported('link-entity');
  const query = new URLSearchParams();
  const select = list(entity.attribute).map((a) => property(table, attr(a, 'name') ?? ''));
  if (select.length > 0 && entity['all-attributes'] === undefined) query.set('$select', select.join(','));
  const filters = list(entity.filter)
    .map((f) => filterText(table, f))
    .filter(Boolean);
  if (filters.length > 0) query.set('$filter', filters.map((f) => `(${f})`).join(' and '));
  const order = list(entity.order).map((o) => `${property(table, attr(o, 'attribute') ?? '')} ${attr(o, 'descending') === 'true' ? 'desc' : 'asc'}`);
  if (order.length > 0) query.set('$orderby', order.join(','));
  const top = attr(fetch, 'top') ?? attr(fetch, 'count');
  if (top !== undefined) query.set('$top', top);
  return query;
}

/** A FetchXML attribute as the Web API property: a lookup is `_<name>_value`. */
function property(table: TableMeta, name: string): string {
  const column = table.columns.get(name);
  if (!column) throw new DataverseError(400, '0x80041103', `'${table.logicalName}' entity doesn't contain attribute with Name = '${name}'.`);
  return column.type === 'lookup' || column.type === 'owner' ? `_${name}_value` : name;
}

function filterText(table: TableMeta, filter: Node): string {
  const joiner = attr(filter, 'type') === 'or' ? ' or ' : ' and ';
  const parts = [...list(filter.condition).map((c) => condition(table, c)), ...list(filter.filter).map((f) => `(${filterText(table, f)})`)];
  return parts.join(joiner);
}

function condition(table: TableMeta, c: Node): string {
  const name = attr(c, 'attribute') ?? '';
  const prop = property(table, name);
  const column = table.columns.get(name)!;
  const op = attr(c, 'operator') ?? '';
  const raw = attr(c, 'value') ?? '';
  const literal = (v: string): string => {
    if (['string', 'memo'].includes(column.type)) return `'${v.replace(/'/g, "''")}'`;
    if (column.type === 'boolean') return v === '1' || v === 'true' ? 'true' : 'false';
    return v.replace(/^\{|\}$/g, '');
  };
  const like = (v: string) => {
    const body = v.replace(/^%|%$/g, '').replace(/'/g, "''");
    if (v.startsWith('%') && v.endsWith('%')) return `contains(${prop},'${body}')`;
    return v.endsWith('%') ? `startswith(${prop},'${body}')` : v.startsWith('%') ? `endswith(${prop},'${body}')` : `${prop} eq '${body}'`;
  };
  switch (op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return `${prop} ${op} ${literal(raw)}`;
    case 'null':
      return `${prop} eq null`;
    case 'not-null':
      return `${prop} ne null`;
    case 'like':
      return like(raw);
    case 'in': {
      const values = list(c.value).map((v) => (typeof v === 'object' ? String((v as Node)['#text'] ?? '') : String(v)));
      if (values.length === 0) throw badRequest(`The condition on '${name}' with operator 'in' has no values.`);
      return values.map((v) => `${prop} eq ${literal(v)}`).join(' or ');
    }
    default:
      throw unsupported(`condition operator '${op}'`);
  }
}

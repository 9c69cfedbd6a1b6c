/**
 * Dispatches one Web API request (top-level or a $batch part) below `/api/data/v9.2/` to its handler.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-types-operations
 */
import { DataverseError, methodNotAllowed, resourceNotFound } from '../errors.js';
import { parseKey } from '../odata/key.js';
import { downloadFile, uploadFile } from './files.js';
import { retrieveMultiple } from './query.js';
import { savedQueryRows } from './saved-query.js';
import { parsePayload } from '../values.js';
import { authorize, entitySet, findRow, notFound, resolveBind, splitEntityPath } from './resolve.js';
import { createRow } from './create.js';
import { associationRequest, isAssociationPath } from './associations.js';
import { deleteRow, patchRow, retrieveRow, updateExisting } from './rows.js';
import { json, noContent, type ApiRequest, type ApiResponse, type Scope } from './types.js';
import { checkRow } from '../security/access.js';
import { mayReadColumn } from '../security/fields.js';
import { bypassedSteps } from './bypass.js';

/** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami */
function whoAmI(scope: Scope): ApiResponse {
  return json(200, {
    '@odata.context': `${scope.serviceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: scope.org.businessUnitId,
    UserId: scope.caller.systemUserId,
    OrganizationId: scope.org.id,
  });
}

function serviceDocument(scope: Scope): ApiResponse {
  const value = [...scope.meta.bySet.keys()].map((name) => ({ name, kind: 'EntitySet', url: name }));
  return json(200, { '@odata.context': `${scope.serviceRoot}$metadata`, value });
}

function property(scope: Scope, req: ApiRequest, path: { set: string; key: string; rest: string[] }): ApiResponse {
  const table = entitySet(scope, path.set);
  const key = parseKey(table, decodeURIComponent(path.key));
  const [name = '', raw] = path.rest.map((segment) => decodeURIComponent(segment));
  const column = table.columns.get(name) ?? table.lookupProperties.get(name);
  if (!column) throw resourceNotFound(name);
  if (column.type === 'file' || column.type === 'image') {
    if (req.method === 'PATCH') return uploadFile(scope, req, table, key, column);
    if (req.method === 'GET') return downloadFile(scope, req, table, key, column, raw === '$value');
  }
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  if (req.method === 'GET') {
    authorize(scope, table, 'Read');
    checkRow(scope, table, 'Read', row);
    if (!mayReadColumn(scope, table, column.logicalName)) return noContent();
    const v = name === table.primaryId ? row.id : (row.values[column.logicalName] ?? null);
    const value = typeof v === 'object' && v !== null ? v.id : v;
    if (value === null) return noContent();
    if (raw === '$value') return { status: 200, headers: { 'Content-Type': 'text/plain', 'OData-Version': '4.0' }, body: Buffer.from(String(value)) };
    return json(200, { '@odata.context': `${scope.serviceRoot}$metadata#${table.entitySetName}(${row.id})/${name}`, value });
  }
  if (req.method === 'PUT' || req.method === 'DELETE') {
    // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#update-a-single-property-value
    const value = req.method === 'PUT' ? (JSON.parse(req.body.toString('utf8') || '{}') as { value?: unknown }).value : null;
    const values = parsePayload(scope.meta, table, { [name]: value ?? null }, (ref, target) => resolveBind(scope, ref, target));
    updateExisting(scope, table, row, values);
    return noContent();
  }
  throw methodNotAllowed(req.method, req.path);
}

/**
 * One request (or `$batch` part). A write naming steps in MSCRM.BypassBusinessLogicExecutionStepIds is checked
 * first (bypass.ts: refused before anything is written), and the row events it raises carry those steps.
 */
export function route(scope: Scope, req: ApiRequest): ApiResponse {
  const table = scope.meta.bySet.get(entitySetOf(req.path));
  const bypass = bypassedSteps(scope, req, table);
  if (!bypass) return dispatch(scope, req);
  const before = scope.events.length;
  const response = dispatch(scope, req);
  for (let i = before; i < scope.events.length; i++) {
    const event = scope.events[i];
    if (event) scope.events[i] = { ...event, bypassedSteps: bypass };
  }
  return response;
}

/** The entity set a path starts with (`wxm_messages(…)/…` → `wxm_messages`), for naming it in a refusal. */
function entitySetOf(path: string): string {
  const head = path.split('/')[0] ?? '';
  const open = head.indexOf('(');
  const set = open < 0 ? head : head.slice(0, open);
  try {
    return decodeURIComponent(set);
  } catch {
    return set;
  }
}

function dispatch(scope: Scope, req: ApiRequest): ApiResponse {
  const path = req.path.replace(/\/$/, '');
  if (path === '') return serviceDocument(scope);
  if (path === 'WhoAmI' || path === 'WhoAmI()') {
    if (req.method !== 'GET') throw new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${scope.serviceRoot}${path}'.`);
    return whoAmI(scope);
  }
  const parts = splitEntityPath(path);
  const table = entitySet(scope, decodeURIComponent(parts.set));
  if (parts.key === undefined) {
    if (parts.rest.length) throw resourceNotFound(parts.rest[0] ?? '');
    if (req.method === 'GET' && req.query.has('savedQuery')) return savedQueryRows(scope, req, table);
    if (req.method === 'GET') return retrieveMultiple(scope, req, table);
    if (req.method === 'POST') return createRow(scope, req, table);
    throw methodNotAllowed(req.method, req.path);
  }
  if (isAssociationPath(table, parts.rest)) return associationRequest(scope, req, table, parseKey(table, decodeURIComponent(parts.key)), parts.rest);
  if (parts.rest.length) return property(scope, req, { set: parts.set, key: parts.key, rest: parts.rest });
  const key = parseKey(table, decodeURIComponent(parts.key));
  if (req.method === 'GET') return retrieveRow(scope, req, table, key);
  if (req.method === 'PATCH') return patchRow(scope, req, table, key);
  if (req.method === 'DELETE') return deleteRow(scope, req, table, key);
  throw methodNotAllowed(req.method, req.path);
}

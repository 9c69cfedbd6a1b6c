/**
 * Create / retrieve / update / upsert / delete of one row.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { randomUUID } from 'node:crypto';
import type { TableMeta } from '../metadata.js';
import type { StoredRow, Value } from '../store.js';
import { DataverseError, matchingKeyExists, versionMismatch } from '../errors.js';
import type { RowKey } from '../odata/key.js';
import { normalizeDate, parsePayload, represent } from '../values.js';
import { parseSelect, preferences } from './query.js';
import { authorize, entityUrl, findRow, notFound, resolveBind } from './resolve.js';
import { json, noContent, type ApiRequest, type ApiResponse, type Scope } from './types.js';
import { checkAppends, checkOwnerOnCreate, checkRow } from '../security/access.js';
import { checkSecuredWrite, maskSecured } from '../security/fields.js';
import { expanded, parseExpand, removeAssociationsOf } from './associations.js';
import { planDelete } from './cascade.js';

/** The request's JSON body ({} when empty), or Dataverse's payload error. */
export function body(req: ApiRequest): unknown {
  const text = req.body.toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DataverseError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'', ---->  InnerException : Microsoft.OData.ODataException: Invalid JSON. The request body could not be read as JSON.`,
    );
  }
}

/** Values Dataverse derives itself (fullname of a contact or a lead, size and kind of a note's attachment). */
function derive(table: TableMeta, values: Record<string, Value>, before: Record<string, Value>): void {
  const merged = { ...before, ...values };
  if ((table.logicalName === 'contact' || table.logicalName === 'lead') && ('firstname' in values || 'lastname' in values)) {
    values.fullname = [merged.firstname, merged.lastname].filter((v) => typeof v === 'string' && v).join(' ');
  }
  if (table.logicalName === 'annotation') {
    if ('documentbody' in values) {
      const b64 = typeof values.documentbody === 'string' ? values.documentbody : '';
      values.filesize = Buffer.from(b64, 'base64').length;
      values.isdocument = b64.length > 0;
    }
    const target = merged.objectid;
    if ('objectid' in values) values.objecttypecode = target && typeof target === 'object' ? target.table : null;
  }
}

/** 204 + OData-EntityId, or 201 + the row with `Prefer: return=representation` (created) / 200 (updated). */
export function writeResponse(scope: Scope, req: ApiRequest, table: TableMeta, row: StoredRow, created: boolean): ApiResponse {
  const url = entityUrl(scope, table, row.id);
  const prefs = preferences(req);
  if (prefs.returnRepresentation) {
    const select = parseSelect(table, req.query.get('$select'));
    const rep = maskSecured(scope, table, represent(scope.meta, scope.store, table, row, { select, annotations: prefs.annotations }));
    return json(
      created ? 201 : 200,
      { '@odata.context': `${scope.serviceRoot}$metadata#${table.entitySetName}/$entity`, ...rep },
      { 'OData-EntityId': url, 'Preference-Applied': 'return=representation' },
    );
  }
  return noContent({ 'OData-EntityId': url, Location: url });
}

export function insertRow(scope: Scope, table: TableMeta, values: Record<string, Value>, id: string): StoredRow {
  authorize(scope, table, 'Create');
  if (scope.store.get(table, id)) throw new DataverseError(412, '0x80040237', 'Cannot insert duplicate key.');
  const now = normalizeDate(scope.now());
  const user = { id: scope.caller.systemUserId, table: 'systemuser' };
  const defaults: Record<string, Value> = { createdon: now, modifiedon: now, createdby: user, modifiedby: user };
  if (table.columns.has('statecode')) defaults.statecode = 0;
  if (table.columns.has('statuscode')) defaults.statuscode = 1;
  if (table.ownership === 'UserOwned') defaults.ownerid = user;
  if (table.columns.has('owninguser')) defaults.owninguser = user;
  if (table.columns.has('owningbusinessunit')) defaults.owningbusinessunit = { id: scope.org.businessUnitId, table: 'businessunit' };
  if (table.columns.has('organizationid') && table.logicalName !== 'organization') defaults.organizationid = { id: scope.org.id, table: 'organization' };
  const all = { ...defaults, ...values };
  // "Record Created On" of a migrated row: https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/account#BKMK_OverriddenCreatedOn
  if (typeof all.overriddencreatedon === 'string') all.createdon = all.overriddencreatedon;
  delete all[table.primaryId];
  derive(table, all, {});
  const row: StoredRow = { id, version: scope.store.nextVersion(), values: all };
  checkSecuredWrite(scope, table, values, 'create');
  checkAppends(scope, table, values, row);
  checkOwnerOnCreate(scope, table, values);
  scope.store.put(table, row);
  scope.events.push({ message: 'Create', table: table.logicalName, id, attributes: { ...all, [table.primaryId]: id }, userId: user.id, at: scope.now() });
  return row;
}

export function retrieveRow(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey): ApiResponse {
  authorize(scope, table, 'Read');
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  checkRow(scope, table, 'Read', row);
  const etag = `W/"${row.version}"`;
  if (req.headers['if-none-match'] === etag) return { status: 304, headers: { 'OData-Version': '4.0' } };
  const select = parseSelect(table, req.query.get('$select'));
  const expand = parseExpand(table, req.query.get('$expand'));
  const rep = maskSecured(scope, table, represent(scope.meta, scope.store, table, row, { select, annotations: preferences(req).annotations }));
  const context = `${scope.serviceRoot}$metadata#${table.entitySetName}${select ? `(${select.join(',')})` : ''}/$entity`;
  return json(200, { '@odata.context': context, ...rep, ...expanded(scope, req, expand, row.id) }, { ETag: etag });
}

function checkIfMatch(req: ApiRequest, row: StoredRow | undefined, table: TableMeta, key: RowKey): void {
  const ifMatch = req.headers['if-match'];
  if (!ifMatch) return;
  if (!row) throw notFound(table, key);
  if (ifMatch !== '*' && ifMatch !== `W/"${row.version}"`) throw versionMismatch();
}

/** PATCH on a row: update, or upsert when the row does not exist and no If-Match forbids creating it. */
export function patchRow(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey): ApiResponse {
  const values = parsePayload(scope.meta, table, body(req), (ref, target) => resolveBind(scope, ref, target));
  const existing = findRow(scope, table, key);
  checkIfMatch(req, existing, table, key);
  if (req.headers['if-none-match'] === '*' && existing) throw matchingKeyExists();
  if (!existing) {
    const keyValues = key.kind === 'alternate' ? key.values : {};
    const id = key.kind === 'id' ? key.id : typeof values[table.primaryId] === 'string' ? (values[table.primaryId] as string) : randomUUID();
    return writeResponse(scope, req, table, insertRow(scope, table, { ...keyValues, ...values }, id), true);
  }
  return writeResponse(scope, req, table, updateExisting(scope, table, existing, values), false);
}

export function updateExisting(scope: Scope, table: TableMeta, existing: StoredRow, values: Record<string, Value>): StoredRow {
  authorize(scope, table, 'Write');
  checkRow(scope, table, 'Write', existing);
  delete values[table.primaryId];
  checkSecuredWrite(scope, table, values, 'update');
  checkAppends(scope, table, values, existing);
  const user = { id: scope.caller.systemUserId, table: 'systemuser' };
  const changes: Record<string, Value> = { ...values, modifiedon: normalizeDate(scope.now()), modifiedby: user };
  derive(table, changes, existing.values);
  const row: StoredRow = { id: existing.id, version: scope.store.nextVersion(), values: { ...existing.values, ...changes } };
  scope.store.put(table, row);
  scope.events.push({
    message: 'Update',
    table: table.logicalName,
    id: row.id,
    attributes: { ...changes, [table.primaryId]: row.id },
    userId: user.id,
    at: scope.now(),
  });
  return row;
}

export function deleteRow(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey): ApiResponse {
  authorize(scope, table, 'Delete');
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  checkRow(scope, table, 'Delete', row);
  checkIfMatch(req, row, table, key);
  const plan = planDelete(scope, table, row);
  for (const u of plan.unlinks) {
    const current = scope.store.get(u.table, u.row.id) ?? u.row;
    scope.store.put(u.table, { id: current.id, version: scope.store.nextVersion(), values: { ...current.values, [u.column]: null } });
  }
  for (const d of plan.deletes) {
    removeAssociationsOf(scope, d.table, d.row.id);
    scope.store.remove(d.table, d.row.id);
    scope.events.push({ message: 'Delete', table: d.table.logicalName, id: d.row.id, attributes: {}, userId: scope.caller.systemUserId, at: scope.now() });
  }
  return noContent();
}

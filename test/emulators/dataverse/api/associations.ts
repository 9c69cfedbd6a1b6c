/**
 * Many-to-many relationships over their collection-valued navigation properties:
 * - associate: `POST <set>(<id>)/<nav>/$ref` with `{ "@odata.id": "<url of the related row>" }`;
 * - disassociate: `DELETE <set>(<id>)/<nav>/$ref?$id=<url>` or `DELETE <set>(<id>)/<nav>(<related id>)/$ref`;
 * - read: `GET <set>(<id>)/<nav>` (the related rows), `GET <set>(<id>)/<nav>/$ref` (their URLs), `$expand=<nav>`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 *
 * Privileges: Append and AppendTo on both rows, each at a depth that reaches the row (an N:N pairing appends each
 * row to the other; https://learn.microsoft.com/power-platform/admin/security-roles-privileges). Associating a pair
 * that exists is 412 0x80040237 "Cannot insert duplicate key."; disassociating a pair that does not exist succeeds.
 * Both raise the Associate / Disassociate message (webhooks/context.ts), with this row as Target.
 */
import { randomUUID } from 'node:crypto';
import type { Association, TableMeta } from '../metadata.js';
import type { StoredRow } from '../store.js';
import { badRequest, duplicateAssociation, incompatibleReference, methodNotAllowed, resourceNotFound } from '../errors.js';
import { parseKey, type RowKey } from '../odata/key.js';
import { represent } from '../values.js';
import { checkRow, readableBy } from '../security/access.js';
import { maskSecured } from '../security/fields.js';
import { parseSelect, preferences } from './query.js';
import { authorize, entitySet, entityUrl, findRow, notFound, relativePath, splitEntityPath } from './resolve.js';
import { body } from './rows.js';
import { json, noContent, type ApiRequest, type ApiResponse, type Scope } from './types.js';

/** `nav` or `nav(<key>)` → the association and the key inside the parentheses. */
function parseSegment(table: TableMeta, segment: string): { association: Association; key?: string } | undefined {
  const open = segment.indexOf('(');
  const name = open < 0 ? segment : segment.slice(0, open);
  const association = table.associations.get(name);
  if (!association) return undefined;
  if (open < 0) return { association };
  if (!segment.endsWith(')')) throw resourceNotFound(segment);
  return { association, key: segment.slice(open + 1, -1) };
}

/** Whether a path below `<set>(<id>)/` names an N:N navigation property of the table. */
export function isAssociationPath(table: TableMeta, rest: string[]): boolean {
  return rest.length > 0 && parseSegment(table, decodeURIComponent(rest[0] ?? '')) !== undefined;
}

/** The related row a `$ref` names (an absolute or relative URL, or a batch Content-ID reference). */
function referencedRow(scope: Scope, association: Association, reference: string): { table: TableMeta; row: StoredRow } {
  const { set, key } = splitEntityPath(decodeURIComponent(relativePath(scope, reference)));
  const table = entitySet(scope, set);
  if (table.logicalName !== association.table || key === undefined) throw incompatibleReference(set, association.name, association.table);
  const parsed = parseKey(table, key);
  const row = findRow(scope, table, parsed);
  if (!row) throw notFound(table, parsed);
  return { table, row };
}

/** Append and AppendTo on both rows (callers with roles; admins and flat privilege lists are not checked, as elsewhere). */
function checkPairing(scope: Scope, a: { table: TableMeta; row: StoredRow }, b: { table: TableMeta; row: StoredRow }): void {
  if (scope.caller.system || !scope.caller.access) return;
  for (const side of [a, b]) {
    checkRow(scope, side.table, 'Append', side.row);
    checkRow(scope, side.table, 'AppendTo', side.row);
  }
}

function pairValues(association: Association, ownId: string, otherId: string): Record<string, string> {
  return { [association.ownColumn]: ownId.toLowerCase(), [association.otherColumn]: otherId.toLowerCase() };
}

function associate(scope: Scope, req: ApiRequest, own: { table: TableMeta; row: StoredRow }, association: Association): ApiResponse {
  const payload = body(req) as Record<string, unknown>;
  const reference = payload['@odata.id'];
  if (typeof reference !== 'string' || reference === '') throw badRequest("The request body of a $ref POST must contain an '@odata.id' property.");
  const other = referencedRow(scope, association, reference);
  checkPairing(scope, own, other);
  const intersect = scope.meta.table(association.intersect);
  const values = pairValues(association, own.row.id, other.row.id);
  if (scope.store.findByKey(intersect, association.pairKey, values)) throw duplicateAssociation();
  scope.store.put(intersect, { id: randomUUID(), version: scope.store.nextVersion(), values });
  scope.events.push({
    message: 'Associate',
    table: own.table.logicalName,
    id: own.row.id,
    attributes: {},
    relationship: association.relationship,
    related: [{ id: other.row.id, table: other.table.logicalName }],
    userId: scope.caller.systemUserId,
    at: scope.now(),
  });
  return noContent();
}

function disassociate(scope: Scope, own: { table: TableMeta; row: StoredRow }, association: Association, reference: string): ApiResponse {
  const other = referencedRow(scope, association, reference);
  checkPairing(scope, own, other);
  const intersect = scope.meta.table(association.intersect);
  const pair = scope.store.findByKey(intersect, association.pairKey, pairValues(association, own.row.id, other.row.id));
  if (pair) scope.store.remove(intersect, pair.id);
  scope.events.push({
    message: 'Disassociate',
    table: own.table.logicalName,
    id: own.row.id,
    attributes: {},
    relationship: association.relationship,
    related: [{ id: other.row.id, table: other.table.logicalName }],
    userId: scope.caller.systemUserId,
    at: scope.now(),
  });
  return noContent();
}

/** Ids of the rows paired with `id` through the association. */
export function relatedIds(scope: Scope, association: Association, id: string): string[] {
  const own = id.toLowerCase();
  const intersect = scope.meta.table(association.intersect);
  const indexed = scope.store.idsWhere(intersect, association.ownColumn, own);
  const pairs = indexed ? [...indexed].map((pairId) => scope.store.get(intersect, pairId)!) : scope.store.all(intersect);
  return pairs.filter((pair) => pair.values[association.ownColumn] === own).map((pair) => String(pair.values[association.otherColumn]));
}

/** The related rows the caller may read, as the Web API shows them (with `$select`). */
export function relatedRows(scope: Scope, req: ApiRequest, association: Association, id: string, select?: string[]): Record<string, unknown>[] {
  const related = scope.meta.table(association.table);
  authorize(scope, related, 'Read');
  const readable = readableBy(scope, related);
  const annotations = preferences(req).annotations;
  return relatedIds(scope, association, id)
    .map((otherId) => scope.store.get(related, otherId))
    .filter((row): row is StoredRow => row !== undefined && readable(row))
    .map((row) => maskSecured(scope, related, represent(scope.meta, scope.store, related, row, { select, annotations })));
}

/** Removes every pairing of a row that is being deleted (Dataverse deletes the intersect rows with it). */
export function removeAssociationsOf(scope: Scope, table: TableMeta, id: string): void {
  for (const association of table.associations.values()) {
    const intersect = scope.meta.table(association.intersect);
    const own = id.toLowerCase();
    for (const pair of scope.store.all(intersect)) if (pair.values[association.ownColumn] === own) scope.store.remove(intersect, pair.id);
  }
}

/** `<set>(<key>)/<nav>[(<related key>)][/$ref]`. */
export function associationRequest(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey, rest: string[]): ApiResponse {
  const segment = parseSegment(table, decodeURIComponent(rest[0] ?? ''))!;
  const { association } = segment;
  const isRef = rest[1] === '$ref';
  if (rest.length > (isRef ? 2 : 1)) throw resourceNotFound(rest.at(-1) ?? '');
  authorize(scope, table, 'Read');
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  checkRow(scope, table, 'Read', row);
  const own = { table, row };
  const related = scope.meta.table(association.table);
  if (req.method === 'POST' && isRef && segment.key === undefined) return associate(scope, req, own, association);
  if (req.method === 'DELETE' && isRef) {
    const reference = segment.key !== undefined ? `${related.entitySetName}(${segment.key})` : req.query.get('$id');
    if (!reference) throw badRequest("A $ref DELETE of a collection-valued navigation property needs the related row: '$id' or '<nav>(<id>)'.");
    return disassociate(scope, own, association, reference);
  }
  if (req.method === 'GET' && segment.key === undefined) {
    if (isRef) {
      const readable = readableBy(scope, related);
      const value = relatedIds(scope, association, row.id)
        .map((id) => scope.store.get(related, id))
        .filter((r): r is StoredRow => r !== undefined && readable(r))
        .map((r) => ({ '@odata.id': entityUrl(scope, related, r.id) }));
      return json(200, { '@odata.context': `${scope.serviceRoot}$metadata#Collection($ref)`, value });
    }
    const select = parseSelect(related, req.query.get('$select'));
    const value = relatedRows(scope, req, association, row.id, select);
    return json(200, { '@odata.context': `${scope.serviceRoot}$metadata#${related.entitySetName}${select ? `(${select.join(',')})` : ''}`, value });
  }
  throw methodNotAllowed(req.method, req.path);
}

/**
 * `$expand=<nav>[($select=a,b)],…` on a row: the N:N navigation properties named, each with its own `$select`.
 * Only N:N navigation properties expand here; anything else is refused as unsupported by the emulator.
 */
export function parseExpand(table: TableMeta, text: string | null): { association: Association; select?: string[] }[] {
  if (!text) return [];
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((item) => {
    const m = /^\s*([A-Za-z0-9_]+)\s*(?:\((.*)\))?\s*$/.exec(item);
    const association = m?.[1] ? table.associations.get(m[1]) : undefined;
    if (!m || !association)
      throw badRequest(`The query option '$expand=${item.trim()}' is not supported by the Dataverse emulator (only N:N navigation properties expand).`);
    const options = new URLSearchParams((m[2] ?? '').split(';').join('&'));
    for (const name of options.keys())
      if (name !== '$select') throw badRequest(`The nested query option '${name}' in $expand is not supported by the Dataverse emulator.`);
    return { association, select: options.has('$select') ? (options.get('$select') ?? '').split(',').map((s) => s.trim()) : undefined };
  });
}

/** The expanded collections of one row. */
export function expanded(scope: Scope, req: ApiRequest, expand: ReturnType<typeof parseExpand>, id: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { association, select } of expand) {
    const related = scope.meta.table(association.table);
    out[association.name] = relatedRows(scope, req, association, id, select ? parseSelect(related, select.join(',')) : undefined);
  }
  return out;
}

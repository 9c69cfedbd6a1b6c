/**
 * POST to an entity set: create a row, with its related rows in the same operation ("deep insert").
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
 *
 * As the page describes it:
 * - an object under a single-valued navigation property (`primarycontactid: { … }`) creates that row and binds the
 *   new row's lookup to it;
 * - an array of objects under a collection-valued navigation property (`opportunity_customer_accounts: [ … ]`)
 *   creates each of them with its lookup bound back to the new row; related rows may nest further;
 * - the whole is one atomic operation: it succeeds or fails entirely (nothing stays behind, no webhook fires);
 * - the answer is the basic create's: 204 with the new row's URI in OData-EntityId, or 201 with the row
 *   (`Prefer: return=representation`); the URIs of the related rows are not returned.
 * Each created row goes through the ordinary create path: Create on its table, Append on a row whose lookup is set
 * and AppendTo on the row it points at (security/access.ts), field security, alternate keys, platform columns.
 * Navigation property names are case-sensitive: any other key is a column, and an unknown one is refused with
 * "Invalid property … was found in entity …" (400), as before.
 */
import { randomUUID } from 'node:crypto';
import type { TableMeta } from '../metadata.js';
import type { LookupValue, StoredRow, Value } from '../store.js';
import { payloadError, unexpectedNode } from '../errors.js';
import { parsePayload } from '../values.js';
import { resolveBind } from './resolve.js';
import { body, insertRow, writeResponse } from './rows.js';
import type { ApiRequest, ApiResponse, Scope } from './types.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const node = (v: unknown) => (Array.isArray(v) ? 'StartArray' : isObject(v) ? 'StartObject' : 'PrimitiveValue');

interface Parts {
  own: Json;
  /** Single-valued navigation → the row to create first. */
  single: { column: string; target: TableMeta; row: Json }[];
  /** Collection-valued navigation → the rows to create after, bound back. */
  many: { table: TableMeta; column: string; rows: Json[] }[];
}

/** Separates the row's own properties from the related rows it carries (only exact navigation property names). */
function split(scope: Scope, table: TableMeta, data: Json): Parts {
  const parts: Parts = { own: {}, single: [], many: [] };
  for (const [name, value] of Object.entries(data)) {
    const collection = table.collections.get(name);
    const nav = table.navigations.get(name);
    if (collection) {
      if (!Array.isArray(value)) throw unexpectedNode(table.entitySetName, node(value), 'StartArray');
      const bad = value.find((row) => !isObject(row));
      if (bad !== undefined) throw unexpectedNode(table.entitySetName, node(bad), 'StartObject');
      parts.many.push({ table: scope.meta.table(collection.table), column: collection.column, rows: value as Json[] });
    } else if (nav && (isObject(value) || Array.isArray(value))) {
      // (A primitive value under a navigation property name keeps the ordinary invalid-property answer.)
      if (!isObject(value)) throw unexpectedNode(table.entitySetName, node(value), 'StartObject');
      const target = nav.targets.length === 1 ? scope.meta.tables.get(nav.targets[0] ?? '') : undefined;
      if (!target) throw payloadError(table.entitySetName, `The navigation property '${name}' has no single target table to create a row in.`);
      parts.single.push({ column: nav.column, target, row: value });
    } else parts.own[name] = value;
  }
  return parts;
}

/** Creates one row and, around it, the rows it carries; `link` binds it to the row that carries it. */
function createTree(scope: Scope, table: TableMeta, data: unknown, link?: { column: string; value: LookupValue }): StoredRow {
  // Not an object: the ordinary payload check answers it.
  const parts = isObject(data) ? split(scope, table, data) : { own: data as Json, single: [], many: [] };
  const values: Record<string, Value> = parsePayload(scope.meta, table, parts.own, (ref, target) => resolveBind(scope, ref, target));
  // The row a single-valued navigation names must exist before this row points at it.
  for (const { column, target, row } of parts.single) values[column] = { id: createTree(scope, target, row).id, table: target.logicalName };
  if (link) values[link.column] = link.value;
  const id = typeof values[table.primaryId] === 'string' ? (values[table.primaryId] as string) : randomUUID();
  const created = insertRow(scope, table, values, id);
  const self: LookupValue = { id: created.id, table: table.logicalName };
  for (const { table: child, column, rows } of parts.many) for (const row of rows) createTree(scope, child, row, { column, value: self });
  return created;
}

/**
 * Creates the row and everything it carries atomically: on any failure every row written is undone and none of
 * their events stays queued for webhooks (also for a $batch request outside a change set).
 */
export function deepInsert(scope: Scope, table: TableMeta, data: unknown): StoredRow {
  const eventsBefore = scope.events.length;
  try {
    return scope.store.transaction(() => createTree(scope, table, data));
  } catch (e) {
    scope.events.length = eventsBefore;
    throw e;
  }
}

export function createRow(scope: Scope, req: ApiRequest, table: TableMeta): ApiResponse {
  return writeResponse(scope, req, table, deepInsert(scope, table, body(req)), true);
}

/**
 * Converting between Web API JSON and stored values: type checks on the way in (as Dataverse's OData layer and
 * validation do), `_x_value` lookups, `@odata.etag` and formatted values on the way out.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api#formatted-values
 */
import type { ColumnModel } from '../../../solution/src/model.js';
import type { Metadata, TableMeta } from './metadata.js';
import { isLookup, type LookupValue, type StoredRow, type Value } from './store.js';
import { invalidPayloadProperty, optionOutOfRange, payloadError, stringTooLong, undeclaredNavigation } from './errors.js';
import { GUID_RE } from './odata/literals.js';

/** Resolves an `@odata.bind` reference (entity URL, relative path or `$n`) to a row of the expected table. */
export type BindResolver = (reference: string, expectedTables: string[]) => LookupValue;

const EDM: Partial<Record<ColumnModel['type'], string>> = {
  string: 'Edm.String',
  memo: 'Edm.String',
  integer: 'Edm.Int32',
  bigint: 'Edm.Int64',
  decimal: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  picklist: 'Edm.Int32',
  state: 'Edm.Int32',
  status: 'Edm.Int32',
  primarykey: 'Edm.Guid',
  image: 'Edm.Binary',
};

/** Dataverse keeps date-times to the second and returns them in UTC with a Z. */
export function normalizeDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function convert(meta: Metadata, table: TableMeta, column: ColumnModel, raw: unknown): Value {
  if (raw === null) return null;
  const wrongType = () =>
    payloadError(
      table.entitySetName,
      typeof raw === 'string'
        ? `Cannot convert the literal '${raw}' to the expected type '${EDM[column.type]}'.`
        : `Cannot convert a primitive value to the expected type '${EDM[column.type]}'. See the inner exception for more details.`,
    );
  switch (column.type) {
    case 'string':
    case 'memo':
    case 'image': {
      if (typeof raw !== 'string') throw wrongType();
      if (column.maxLength !== undefined && raw.length > column.maxLength) throw stringTooLong(column.logicalName, table.logicalName, column.maxLength);
      return raw;
    }
    case 'integer':
    case 'picklist':
    case 'state':
    case 'status': {
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw > 2147483647 || raw < -2147483648) throw wrongType();
      const allowed = column.type === 'integer' ? undefined : meta.optionValues(column);
      if (allowed && !allowed.includes(raw)) throw optionOutOfRange(raw, column.logicalName, table.logicalName, allowed);
      return raw;
    }
    case 'bigint':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw wrongType();
      return raw;
    case 'decimal':
      if (typeof raw !== 'number') throw wrongType();
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw wrongType();
      return raw;
    case 'datetime': {
      const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
      if (Number.isNaN(ms)) throw wrongType();
      // Date-only columns hold a calendar date (https://learn.microsoft.com/power-apps/developer/data-platform/behavior-format-date-time-attribute).
      return column.dateTimeBehavior === 'DateOnly' ? normalizeDate(ms).slice(0, 10) : normalizeDate(ms);
    }
    case 'primarykey':
      if (typeof raw !== 'string' || !GUID_RE.test(raw)) throw wrongType();
      return raw.toLowerCase();
    default:
      // Lookups are written through navigation properties; file columns through the file upload endpoints.
      throw invalidPayloadProperty(column.logicalName, table.logicalName);
  }
}

/**
 * Validates a create/update body and returns the stored values it sets. Read-only platform columns are ignored,
 * as the Web API ignores attributes that are not valid for create or update.
 */
export function parsePayload(meta: Metadata, table: TableMeta, body: unknown, resolve: BindResolver): Record<string, Value> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw payloadError(table.entitySetName, 'A JSON object was expected as the request body.');
  const values: Record<string, Value> = {};
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name.startsWith('@')) continue;
    const bind = /^(.+)@odata\.bind$/.exec(name);
    if (bind?.[1]) {
      const nav = table.navigations.get(bind[1]);
      if (!nav) throw undeclaredNavigation(table.entitySetName, bind[1]);
      if (raw === null) values[nav.column] = null;
      else if (typeof raw !== 'string') throw payloadError(table.entitySetName, `The value of the '${name}' annotation must be a URL string.`);
      else values[nav.column] = resolve(raw, nav.targets);
      continue;
    }
    if (name.includes('@')) continue; // other instance annotations are accepted and ignored
    const column = table.columns.get(name);
    if (!column || column.type === 'lookup' || column.type === 'owner' || column.type === 'file') throw invalidPayloadProperty(name, table.logicalName);
    if (column.readOnly) continue;
    values[column.logicalName] = convert(meta, table, column, raw);
  }
  return values;
}

/** Columns never returned by a read (serviceendpoint.authvalue has IsValidForRead = False). */
const UNREADABLE = new Set(['serviceendpoint.authvalue']);

/** The property names a row exposes in the Web API (lookups as `_x_value`). */
export function readableProperties(table: TableMeta): string[] {
  const names: string[] = [];
  for (const c of table.columns.values()) {
    if (UNREADABLE.has(`${table.logicalName}.${c.logicalName}`)) continue;
    names.push(c.type === 'lookup' || c.type === 'owner' ? `_${c.logicalName}_value` : c.logicalName);
  }
  return names;
}

export interface RepresentOptions {
  select?: string[];
  annotations?: boolean;
}

/** A row as the Web API returns it. */
export function represent(
  meta: Metadata,
  store: { get(t: TableMeta, id: string): StoredRow | undefined },
  table: TableMeta,
  row: StoredRow,
  opts: RepresentOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${row.version}"` };
  const names = opts.select?.length ? [...opts.select, table.primaryId] : readableProperties(table);
  for (const name of names) {
    const lookupCol = table.lookupProperties.get(name);
    if (lookupCol) {
      const v = row.values[lookupCol.logicalName];
      out[name] = isLookup(v) ? v.id : null;
      if (opts.annotations && isLookup(v)) {
        const target = meta.tables.get(v.table);
        const targetRow = target && store.get(target, v.id);
        out[`${name}@OData.Community.Display.V1.FormattedValue`] = targetRow && target ? (targetRow.values[target.primaryName] ?? null) : null;
        out[`${name}@Microsoft.Dynamics.CRM.lookuplogicalname`] = v.table;
      }
      continue;
    }
    const column = table.columns.get(name);
    if (!column) continue;
    const v = column.type === 'primarykey' && name === table.primaryId ? row.id : (row.values[name] ?? null);
    out[name] = isLookup(v) ? v.id : v;
    if (opts.annotations && typeof v === 'number') {
      const label = meta.optionLabel(column, v);
      if (label !== undefined) out[`${name}@OData.Community.Display.V1.FormattedValue`] = label;
    }
    if (opts.annotations && typeof v === 'boolean') out[`${name}@OData.Community.Display.V1.FormattedValue`] = v ? 'Yes' : 'No';
  }
  return out;
}

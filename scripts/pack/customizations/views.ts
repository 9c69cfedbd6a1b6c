/**
 * `<SavedQueries><savedqueries><savedquery>`: fetchxml for what a view shows, layoutxml for its
 * columns. Query types are Dataverse's savedquery querytype values.
 */
import type { ConditionDef, TableDef, ViewDef } from '../../../solution/src/dsl/types.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

/** savedquery querytype: 0 public, 1 advanced find, 2 associated (sub-grid), 4 quick find, 64 lookup. */
const QUERY_TYPES: Record<ViewDef['type'], number> = { public: 0, advancedFind: 1, associated: 2, quickFind: 4, lookup: 64 };

function condition(c: ConditionDef): XmlElement {
  return el('condition', { attribute: c.column, operator: c.operator, value: c.value === undefined ? undefined : String(c.value) });
}

function fetchXml(logicalName: string, table: TableDef, view: ViewDef): XmlElement {
  const primaryId = `${logicalName}id`;
  const attributes = [primaryId, ...view.columns.map((c) => c.column).filter((c) => c !== primaryId)];
  const filters: XmlElement[] = [];
  const conditions = (view.filter ?? []).map(condition);
  const anyOf = view.anyOf && view.anyOf.length > 0 ? el('filter', { type: 'or' }, view.anyOf.map(condition)) : undefined;
  if (conditions.length > 0 || anyOf) filters.push(el('filter', { type: 'and' }, conditions, anyOf));
  if (view.findColumns) {
    filters.push(
      el(
        'filter',
        { type: 'or', isquickfindfields: '1' },
        view.findColumns.map((c) => el('condition', { attribute: c, operator: 'like', value: '{0}' })),
      ),
    );
  }
  return el(
    'fetch',
    { version: '1.0', 'output-format': 'xml-platform', mapping: 'logical', distinct: 'false' },
    el(
      'entity',
      { name: logicalName },
      attributes.map((a) => el('attribute', { name: a })),
      view.order.map((o) => el('order', { attribute: o.column, descending: o.descending ? 'true' : 'false' })),
      filters,
    ),
  );
}

function layoutXml(logicalName: string, table: TableDef, view: ViewDef): XmlElement {
  return el(
    'grid',
    { name: 'resultset', jump: table.primaryName.schemaName.toLowerCase(), select: 1, icon: 1, preview: 1 },
    el(
      'row',
      { name: 'result', id: `${logicalName}id` },
      view.columns.map((c) => el('cell', { name: c.column, width: c.width })),
    ),
  );
}

export function savedQueriesXml(logicalName: string, table: TableDef, views: ViewDef[]): XmlElement {
  return el(
    'SavedQueries',
    {},
    el(
      'savedqueries',
      {},
      views.map((view) =>
        el(
          'savedquery',
          {},
          leaf('IsCustomizable', true),
          leaf('CanBeDeleted', view.type === 'public' && !view.isDefault),
          leaf('isquickfindquery', view.type === 'quickFind'),
          leaf('isprivate', false),
          leaf('isdefault', view.isDefault === true || view.type !== 'public'),
          leaf('savedqueryid', guid('view', view.id)),
          el('layoutxml', {}, layoutXml(logicalName, table, view)),
          leaf('querytype', QUERY_TYPES[view.type]),
          el('fetchxml', {}, fetchXml(logicalName, table, view)),
          leaf('IntroducedVersion', INTRODUCED_VERSION),
          labels('LocalizedNames', 'LocalizedName', view.name),
          labels('Descriptions', 'Description', view.description),
        ),
      ),
    ),
  );
}

/**
 * Platform tables behind audiences, for an emulated org: system views (savedquery, in every environment) and
 * marketing lists (list, with its contact members through the N:N `listcontact_association` whose intersect table is
 * `listmember`), present only where Dynamics 365 Sales is installed. An org built without `withMarketingLists` has
 * no `lists` entity set, and asking for it is answered as Dataverse does (404 0x8006088a "Resource not found for the
 * segment 'lists'").
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/savedquery
 * https://learn.microsoft.com/dynamics365/developer/reference/entities/list
 * https://learn.microsoft.com/dynamics365/developer/reference/entities/listmember
 */
import type { ColumnModel, SchemaModel, TableModel } from '../../../solution/src/model.js';
import { SAVED_QUERY_TABLE } from './api/saved-query.js';

const column = (logicalName: string, type: ColumnModel['type'], extra: Partial<ColumnModel> = {}): ColumnModel => ({
  logicalName,
  schemaName: logicalName,
  type,
  required: 'none',
  ...extra,
});

function platformTable(logicalName: string, entitySetName: string, primaryName: string, columns: ColumnModel[]): TableModel {
  const id = `${logicalName}id`;
  return {
    logicalName,
    schemaName: logicalName,
    entitySetName,
    primaryIdAttribute: id,
    primaryNameAttribute: primaryName,
    ownership: 'OrganizationOwned',
    columns: Object.fromEntries([column(id, 'primarykey'), ...columns].map((c) => [c.logicalName, c])),
    alternateKeys: [],
  } as TableModel;
}

/** savedquery: name, the table it returns (returnedtypecode as the logical name), its FetchXML, its query type. */
export const savedQueryTable: TableModel = platformTable(SAVED_QUERY_TABLE, 'savedqueries', 'name', [
  column('name', 'string', { maxLength: 200 }),
  column('returnedtypecode', 'string', { maxLength: 64 }),
  column('fetchxml', 'memo', { maxLength: 1_048_576 }),
  column('querytype', 'integer'),
]);

/** list: a marketing list; `createdfromcode` 1 account, 2 contact, 4 lead; `type` false static, true dynamic. */
export const listTable: TableModel = platformTable('list', 'lists', 'listname', [
  column('listname', 'string', { maxLength: 128 }),
  column('createdfromcode', 'integer'),
  column('type', 'boolean'),
  column('query', 'memo', { maxLength: 1_048_576 }),
]);

export const LIST_CONTACTS = 'listcontact_association';

/** The org has system views (every Dataverse environment does). */
export function withSavedQueries(schema: SchemaModel): SchemaModel {
  return { ...schema, tables: { ...schema.tables, [SAVED_QUERY_TABLE]: savedQueryTable } };
}

/** The org has Dynamics 365 Sales: marketing lists and their contact members. */
export function withMarketingLists(schema: SchemaModel): SchemaModel {
  const external = { ...(schema.externalTables ?? {}) };
  delete external.list;
  return {
    ...schema,
    externalTables: external,
    tables: { ...schema.tables, list: listTable },
    manyToManyRelationships: [
      ...(schema.manyToManyRelationships ?? []),
      {
        schemaName: LIST_CONTACTS,
        intersectEntityName: 'listmember',
        entity1LogicalName: 'list',
        entity1IntersectAttribute: 'listid',
        entity1NavigationPropertyName: LIST_CONTACTS,
        entity2LogicalName: 'contact',
        entity2IntersectAttribute: 'entityid',
        entity2NavigationPropertyName: LIST_CONTACTS,
      },
    ],
  };
}

/** The org has no marketing lists (Dataverse without Dynamics 365 Sales). */
export function withoutMarketingLists(schema: SchemaModel): SchemaModel {
  const external = { ...(schema.externalTables ?? {}) };
  delete external.list;
  const tables = { ...schema.tables };
  delete tables.list;
  return { ...schema, externalTables: external, tables };
}

/**
 * Derives the SchemaModel (solution/src/model.ts) from the definitions: what the Web API exposes
 * for our tables, which the relay, the UI and the Dataverse emulator read.
 */
import type { ColumnModel, ManyToManyRelationshipModel, OptionSetModel, RelationshipModel, SchemaModel, TableModel } from '../src/model.js';
import type { ColumnDef, TableDef } from '../src/dsl/types.js';
import type { SolutionSource } from './load.js';
import { notesOf } from './notes.js';
import { EXTERNAL_TABLES, primaryKeyColumn, STATES, systemColumns, type SystemColumn } from './system-columns.js';

const logical = (schemaName: string) => schemaName.toLowerCase();

function columnModel(column: ColumnDef): ColumnModel {
  const base: ColumnModel = {
    logicalName: logical(column.schemaName),
    schemaName: column.schemaName,
    type: 'string',
    required: column.required ?? 'none',
    labels: { 1033: column.displayName[1033], 2052: column.displayName[2052] },
  };
  if (column.secured) base.secured = true;
  switch (column.kind) {
    case 'text':
      return { ...base, type: 'string', maxLength: column.maxLength };
    case 'memo':
      return { ...base, type: 'memo', maxLength: column.maxLength };
    case 'choice':
      return { ...base, type: 'picklist', optionSet: column.optionSet };
    case 'bool':
      return { ...base, type: 'boolean' };
    case 'datetime':
      return { ...base, type: 'datetime', dateTimeBehavior: column.behavior };
    case 'int':
      return { ...base, type: 'integer', minValue: column.min, maxValue: column.max };
    case 'decimal':
      return { ...base, type: 'decimal', minValue: column.min, maxValue: column.max, precision: column.precision };
    case 'lookup':
      // Dataverse names the single-valued navigation property after the lookup's schema name.
      return { ...base, type: 'lookup', targets: [column.target], navigationProperty: column.schemaName };
  }
}

function systemColumnModel(table: TableDef, column: SystemColumn): ColumnModel {
  const types: Record<SystemColumn['xmlType'], ColumnModel['type']> = {
    primarykey: 'primarykey',
    lookup: 'lookup',
    owner: 'owner',
    datetime: 'datetime',
    int: 'integer',
    bigint: 'bigint',
    state: 'state',
    status: 'status',
  };
  const model: ColumnModel = {
    logicalName: column.logicalName,
    schemaName: column.schemaName,
    type: types[column.xmlType],
    required: column.requiredLevel === 'systemrequired' ? 'required' : 'none',
    labels: { 1033: column.displayName[1033], 2052: column.displayName[2052] },
    system: true,
  };
  if (!column.validForCreate && !column.validForUpdate) model.readOnly = true;
  if (column.targets) {
    model.targets = [...column.targets];
    model.navigationProperty = column.logicalName;
  }
  if (column.min !== undefined) model.minValue = column.min;
  if (column.max !== undefined) model.maxValue = column.max;
  if (column.xmlType === 'state' || column.xmlType === 'status') model.optionSet = `${logical(table.schemaName)}_${column.logicalName}`;
  if (column.xmlType === 'datetime') model.dateTimeBehavior = 'UserLocal';
  return model;
}

function tableModel(table: TableDef): TableModel {
  const columns: Record<string, ColumnModel> = {};
  const primaryKey = primaryKeyColumn(table);
  columns[primaryKey.logicalName] = systemColumnModel(table, primaryKey);
  for (const column of [table.primaryName, ...table.columns]) columns[logical(column.schemaName)] = columnModel(column);
  for (const column of systemColumns(table)) columns[column.logicalName] = systemColumnModel(table, column);
  return {
    logicalName: logical(table.schemaName),
    schemaName: table.schemaName,
    entitySetName: table.entitySetName,
    primaryIdAttribute: primaryKey.logicalName,
    primaryNameAttribute: logical(table.primaryName.schemaName),
    ownership: table.ownership,
    columns,
    alternateKeys: table.keys.map((key) => ({ logicalName: logical(key.schemaName), columns: [...key.columns] })),
    labels: { 1033: table.displayName[1033], 2052: table.displayName[2052] },
    hasNotes: table.hasNotes,
    ...(table.hasNotes ? { notes: notesOf(table) } : {}),
  };
}

function stateOptionSets(table: TableDef): OptionSetModel[] {
  const name = logical(table.schemaName);
  return [
    {
      name: `${name}_statecode`,
      isGlobal: false,
      options: STATES.map((s) => ({ value: s.value, name: s.name, labels: { 1033: s.label[1033], 2052: s.label[2052] } })),
    },
    {
      name: `${name}_statuscode`,
      isGlobal: false,
      options: STATES.map((s) => ({ value: s.status, name: s.name, labels: { 1033: s.label[1033], 2052: s.label[2052] } })),
    },
  ];
}

export function relationshipsOf(tables: TableDef[]): RelationshipModel[] {
  const relationships: RelationshipModel[] = [];
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.kind !== 'lookup') continue;
      const referenced = tables.find((t) => logical(t.schemaName) === column.target);
      relationships.push({
        schemaName: column.relationship,
        referencedEntity: column.target,
        referencedAttribute: referenced ? `${column.target}id` : (EXTERNAL_TABLES[column.target]?.primaryIdAttribute ?? `${column.target}id`),
        referencingEntity: logical(table.schemaName),
        referencingAttribute: logical(column.schemaName),
        referencingNavigationProperty: column.schemaName,
        referencedNavigationProperty: column.relationship,
        cascadeDelete: column.cascadeDelete,
      });
    }
  }
  return relationships;
}

/** The primary key of a table of ours or of a platform table. */
function primaryIdOf(tables: TableDef[], logicalName: string): string {
  if (tables.some((t) => logical(t.schemaName) === logicalName)) return `${logicalName}id`;
  return EXTERNAL_TABLES[logicalName]?.primaryIdAttribute ?? `${logicalName}id`;
}

/** The N:N relationships the tables declare, sorted by schema name so the output does not depend on which file holds them. */
export function manyToManyOf(tables: TableDef[]): ManyToManyRelationshipModel[] {
  const relationships = tables.flatMap((table) =>
    (table.manyToMany ?? []).map((r) => {
      // Both sides pair the same key name for a self-referencing relationship; Dataverse suffixes them "one"/"two".
      const self = r.entity1 === r.entity2;
      return {
        schemaName: r.schemaName,
        intersectEntityName: r.intersectEntityName,
        entity1LogicalName: r.entity1,
        entity1IntersectAttribute: `${primaryIdOf(tables, r.entity1)}${self ? 'one' : ''}`,
        entity1NavigationPropertyName: r.entity1NavigationPropertyName ?? r.schemaName,
        entity2LogicalName: r.entity2,
        entity2IntersectAttribute: `${primaryIdOf(tables, r.entity2)}${self ? 'two' : ''}`,
        entity2NavigationPropertyName: r.entity2NavigationPropertyName ?? r.schemaName,
      };
    }),
  );
  return relationships.sort((a, b) => (a.schemaName < b.schemaName ? -1 : a.schemaName > b.schemaName ? 1 : 0));
}

export function buildSchemaModel(source: SolutionSource): SchemaModel {
  const tableDefs = source.tables.map((t) => t.def);
  const tables: Record<string, TableModel> = {};
  for (const table of tableDefs) tables[logical(table.schemaName)] = tableModel(table);
  const optionSets: Record<string, OptionSetModel> = {};
  for (const { def } of source.optionSets) {
    optionSets[def.name] = {
      name: def.name,
      isGlobal: true,
      options: def.options.map((o) => ({
        value: o.value,
        name: o.name,
        labels: { 1033: o.label[1033], 2052: o.label[2052] },
        ...(o.externalValue !== undefined ? { externalValue: o.externalValue } : {}),
      })),
    };
  }
  for (const table of tableDefs) for (const set of stateOptionSets(table)) optionSets[set.name] = set;
  const externalTables: SchemaModel['externalTables'] = {};
  for (const [name, table] of Object.entries(EXTERNAL_TABLES)) externalTables[name] = { logicalName: name, ...table };
  return {
    publisherPrefix: source.publisher.def.prefix,
    optionValuePrefix: source.publisher.def.optionValuePrefix,
    tables,
    optionSets,
    relationships: relationshipsOf(tableDefs),
    manyToManyRelationships: manyToManyOf(tableDefs),
    externalTables,
  };
}

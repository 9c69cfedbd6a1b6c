/**
 * Renders solution/generated/schema.ts: the SchemaModel plus typed constants (table names, entity
 * sets, columns, navigation properties, alternate keys, option values) so no code has to spell a
 * logical name or a choice value by hand. Output is a pure function of the definitions.
 */
import type { SchemaModel } from '../src/model.js';
import type { SolutionSource } from './load.js';
import { notesOf } from './notes.js';
import { primaryKeyColumn, STATES, systemColumns } from './system-columns.js';

const q = (value: string) => JSON.stringify(value);

/** `wxm_WeChatMsgId` → `WeChatMsgId`. */
function codeName(schemaName: string, prefix: string): string {
  return schemaName.startsWith(`${prefix}_`) ? schemaName.slice(prefix.length + 1) : schemaName;
}

function objectLiteral(entries: [string, string][], indent: string): string {
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${indent}  ${k}: ${v},`).join('\n')}\n${indent}}`;
}

function tableConstant(source: SolutionSource, model: SchemaModel, index: number): string {
  const prefix = source.publisher.def.prefix;
  const def = source.tables[index]!.def;
  const table = model.tables[def.schemaName.toLowerCase()]!;
  const columns: [string, string][] = [[primaryKeyColumn(def).codeName, q(table.primaryIdAttribute)]];
  for (const column of [def.primaryName, ...def.columns]) columns.push([codeName(column.schemaName, prefix), q(column.schemaName.toLowerCase())]);
  for (const column of systemColumns(def)) columns.push([column.codeName, q(column.logicalName)]);
  const navigation: [string, string][] = def.columns.filter((c) => c.kind === 'lookup').map((c) => [codeName(c.schemaName, prefix), q(c.schemaName)]);
  // N:N relationships this table takes part in, by relationship schema name: the collection-valued navigation
  // property for `$ref` / `$expand` and the table on the other side.
  const associations: [string, string][] = (model.manyToManyRelationships ?? []).flatMap((r): [string, string][] => {
    const sides: [string, string][] = [];
    if (r.entity1LogicalName === table.logicalName)
      sides.push([q(r.schemaName), `{ navigation: ${q(r.entity1NavigationPropertyName)}, related: ${q(r.entity2LogicalName)} }`]);
    else if (r.entity2LogicalName === table.logicalName)
      sides.push([q(r.schemaName), `{ navigation: ${q(r.entity2NavigationPropertyName)}, related: ${q(r.entity1LogicalName)} }`]);
    return sides;
  });
  const keys: [string, string][] = table.alternateKeys.map((k) => [k.logicalName, `[${k.columns.map(q).join(', ')}]`]);
  const states: [string, string][] = STATES.map((s) => [s.name, String(s.value)]);
  const statuses: [string, string][] = STATES.map((s) => [s.name, String(s.status)]);
  const name = codeName(def.schemaName, prefix);
  const notes = notesOf(def);
  const notesLines = notes
    ? [
        `  /** Its notes: \`collection\` for a deep insert from the row (case-sensitive), \`regarding\` for \`<name>@odata.bind\` on a note. */`,
        `  notes: { collection: ${q(notes.collection)}, regarding: ${q(notes.regarding)} },`,
      ]
    : [];
  return [
    `/** ${def.displayName[1033]} (${def.displayName[2052]}): \`${table.logicalName}\`, entity set \`${table.entitySetName}\`. */`,
    `export const ${name} = {`,
    `  logicalName: ${q(table.logicalName)},`,
    `  entitySetName: ${q(table.entitySetName)},`,
    `  primaryIdAttribute: ${q(table.primaryIdAttribute)},`,
    `  primaryNameAttribute: ${q(table.primaryNameAttribute)},`,
    `  columns: ${objectLiteral(columns, '  ')},`,
    `  /** Single-valued navigation properties for \`<name>@odata.bind\`. */`,
    `  navigation: ${objectLiteral(navigation, '  ')},`,
    ...(associations.length > 0
      ? [
          `  /** N:N relationships by schema name: the collection-valued navigation property and the related table. */`,
          `  associations: ${objectLiteral(associations, '  ')},`,
        ]
      : []),
    `  /** Alternate keys by logical name: the columns that identify a row. */`,
    `  keys: ${objectLiteral(keys, '  ')},`,
    ...notesLines,
    `  states: ${objectLiteral(states, '  ')},`,
    `  statuses: ${objectLiteral(statuses, '  ')},`,
    `} as const;`,
  ].join('\n');
}

function optionSetConstants(source: SolutionSource): string[] {
  const blocks: string[] = [];
  for (const { def } of source.optionSets) {
    const values: [string, string][] = def.options.map((o) => [o.name, String(o.value)]);
    blocks.push(
      [
        `/** ${def.displayName[1033]} (${def.displayName[2052]}): option set \`${def.name}\`. */`,
        `export const ${def.codeName} = ${objectLiteral(values, '')} as const;`,
        `export type ${def.codeName} = (typeof ${def.codeName})[keyof typeof ${def.codeName}];`,
      ].join('\n'),
    );
    const external = def.options.filter((o) => o.externalValue !== undefined);
    if (external.length > 0) {
      const map: [string, string][] = external.map((o) => [q(o.externalValue!), String(o.value)]);
      blocks.push(
        [
          `/** ${def.codeName} by the value WeChat (or Azure) uses for it. */`,
          `export const ${def.codeName}ByExternalValue: Readonly<Record<string, ${def.codeName}>> = ${objectLiteral(map, '')};`,
        ].join('\n'),
      );
    }
  }
  return blocks;
}

export function renderSchemaModule(source: SolutionSource, model: SchemaModel): string {
  const prefix = source.publisher.def.prefix;
  const tableNames: [string, string][] = source.tables.map((t) => [codeName(t.def.schemaName, prefix), q(t.def.schemaName.toLowerCase())]);
  const entitySets: [string, string][] = source.tables.map((t) => [codeName(t.def.schemaName, prefix), q(t.def.entitySetName)]);
  const parts = [
    '// Generated by `npm run generate` from solution/src. Do not edit: change the definitions and regenerate.',
    "import type { SchemaModel } from '../src/model.js';",
    '',
    `export const schema: SchemaModel = ${JSON.stringify(model, null, 2)};`,
    '',
    "/** Logical names of the solution's tables. */",
    `export const TableNames = ${objectLiteral(tableNames, '')} as const;`,
    '',
    '/** Web API entity set names (the URL segment after /api/data/v9.2/). */',
    `export const EntitySets = ${objectLiteral(entitySets, '')} as const;`,
    '',
    ...source.tables.flatMap((_, i) => [tableConstant(source, model, i), '']),
    ...optionSetConstants(source).flatMap((block) => [block, '']),
  ];
  return parts.join('\n');
}

/**
 * Checks the definitions before anything is generated or packed: labels in both languages,
 * names with the publisher prefix and without duplicates, option values in the publisher's range,
 * and every reference (option set, lookup target, key column) pointing at something that exists.
 */
import type { ColumnDef, TableDef } from '../src/dsl/types.js';
import { SolutionDefinitionError, type Problem } from './errors.js';
import type { SolutionSource, Sourced } from './load.js';
import { EXTERNAL_TABLES, primaryKeyColumn, systemColumns } from './system-columns.js';
import { missingLabels } from './validate-labels.js';
import { validateUi } from './validate-ui.js';
import { NameRegistry } from './names.js';

export interface ValidateOptions {
  /** Pack needs the app, sitemap and roles too; generate only needs the tables. */
  forPack: boolean;
  /** Names of the web resources that exist (from webresources/manifest.json), checked by pack. */
  webResources?: ReadonlySet<string>;
  /** Names of the built PCF controls (`wxm_<namespace>.<constructor>`), checked by pack. */
  customControls?: ReadonlySet<string>;
}

const MAX_TEXT = 4000;
const MAX_MEMO = 1048576;

function checkColumn(problems: Problem[], file: string, column: ColumnDef, source: SolutionSource, tables: Set<string>): void {
  const at = (message: string) => problems.push({ file, element: `column ${column.schemaName}`, message });
  switch (column.kind) {
    case 'text':
      if (column.maxLength < 1 || column.maxLength > MAX_TEXT) at(`maxLength ${column.maxLength} is outside 1..${MAX_TEXT}`);
      break;
    case 'memo':
      if (column.maxLength < 1 || column.maxLength > MAX_MEMO) at(`maxLength ${column.maxLength} is outside 1..${MAX_MEMO}`);
      break;
    case 'choice': {
      const set = source.optionSets.find((s) => s.def.name === column.optionSet);
      if (!set) at(`option set "${column.optionSet}" is not defined in solution/src/optionsets/`);
      else if (column.defaultValue !== undefined && !set.def.options.some((o) => o.value === column.defaultValue)) {
        at(`default value ${column.defaultValue} is not an option of ${column.optionSet}`);
      }
      break;
    }
    case 'lookup':
      if (!tables.has(column.target) && !(column.target in EXTERNAL_TABLES)) at(`lookup target "${column.target}" is not a known table`);
      break;
    case 'int':
    case 'decimal':
      if (column.min > column.max) at(`min ${column.min} is greater than max ${column.max}`);
      if (column.kind === 'decimal' && (column.precision < 0 || column.precision > 10)) at(`precision ${column.precision} is outside 0..10`);
      break;
    default:
      break;
  }
}

function checkTable(problems: Problem[], sourced: Sourced<TableDef>, source: SolutionSource, tables: Set<string>, relationships: NameRegistry): void {
  const { file, def } = sourced;
  const prefix = `${source.publisher.def.prefix}_`;
  const columns = new NameRegistry('column', problems);
  const own = [def.primaryName, ...def.columns];
  for (const system of [primaryKeyColumn(def), ...systemColumns(def)]) {
    columns.add(system.logicalName, file, `system column ${system.logicalName}`);
  }
  if (def.primaryName.kind !== 'text') problems.push({ file, element: 'primaryName', message: 'the primary name column must be text' });
  for (const column of own) {
    if (!column.schemaName.startsWith(prefix))
      problems.push({ file, element: `column ${column.schemaName}`, message: `schema name must start with "${prefix}"` });
    columns.add(column.schemaName, file, `column ${column.schemaName}`);
    checkColumn(problems, file, column, source, tables);
    if (column.kind === 'lookup') {
      if (!column.relationship.startsWith(prefix))
        problems.push({ file, element: `column ${column.schemaName}`, message: `relationship name must start with "${prefix}"` });
      relationships.add(column.relationship, file, `column ${column.schemaName} relationship`);
    }
  }
  for (const key of def.keys) {
    if (!key.schemaName.startsWith(prefix)) problems.push({ file, element: `key ${key.schemaName}`, message: `schema name must start with "${prefix}"` });
    for (const column of key.columns) {
      const target = own.find((c) => c.schemaName.toLowerCase() === column);
      if (!target) problems.push({ file, element: `key ${key.schemaName}`, message: `unknown column "${column}"` });
      else if (target.kind === 'memo' || target.kind === 'bool')
        problems.push({ file, element: `key ${key.schemaName}`, message: `column "${column}" (${target.kind}) cannot be part of an alternate key` });
    }
  }
}

function checkOptionSets(problems: Problem[], source: SolutionSource, registry: NameRegistry): void {
  const { optionValuePrefix, prefix } = source.publisher.def;
  const low = optionValuePrefix * 10000;
  const high = low + 9999;
  for (const { file, def } of source.optionSets) {
    registry.add(def.name, file, `optionset ${def.name}`);
    if (!def.name.startsWith(`${prefix}_`)) problems.push({ file, element: `optionset ${def.name}`, message: `name must start with "${prefix}_"` });
    const values = new Set<number>();
    const names = new Set<string>();
    for (const option of def.options) {
      const element = `optionset ${def.name} > option ${option.name}`;
      if (!Number.isInteger(option.value) || option.value < low || option.value > high) {
        problems.push({
          file,
          element,
          message: `value ${option.value} is outside the publisher's range ${low}..${high} (option value prefix ${optionValuePrefix})`,
        });
      }
      if (values.has(option.value)) problems.push({ file, element, message: `duplicate option value ${option.value}` });
      if (names.has(option.name)) problems.push({ file, element, message: `duplicate option name "${option.name}"` });
      values.add(option.value);
      names.add(option.name);
    }
  }
}

/**
 * N:N relationships: prefixed names unique among all relationships, both tables known, an intersect name that is no
 * table's, at most one declaration of a pair under one name. Dataverse refuses an intersect entity name that is
 * already a table (it creates that table) and a relationship name used by another relationship.
 */
function checkManyToMany(problems: Problem[], source: SolutionSource, tables: Set<string>, relationships: NameRegistry, tableNames: NameRegistry): void {
  const prefix = `${source.publisher.def.prefix}_`;
  for (const { file, def } of source.tables) {
    for (const r of def.manyToMany ?? []) {
      const element = `manyToMany ${r.schemaName}`;
      if (!r.schemaName.startsWith(prefix)) problems.push({ file, element, message: `schema name must start with "${prefix}"` });
      relationships.add(r.schemaName, file, element);
      if (!r.intersectEntityName.startsWith(prefix)) problems.push({ file, element, message: `intersect entity name must start with "${prefix}"` });
      else if (r.intersectEntityName !== r.intersectEntityName.toLowerCase())
        problems.push({ file, element, message: `intersect entity name "${r.intersectEntityName}" must be lower case (it is a logical name)` });
      tableNames.add(r.intersectEntityName, file, `${element} intersect entity`);
      const own = def.schemaName.toLowerCase();
      for (const side of [r.entity1, r.entity2]) {
        if (!tables.has(side) && !(side in EXTERNAL_TABLES)) problems.push({ file, element, message: `table "${side}" is not a known table` });
      }
      if (r.entity1 !== own && r.entity2 !== own)
        problems.push({ file, element, message: `must be declared on one of its two tables (${r.entity1}, ${r.entity2})` });
      if (r.entity1 === r.entity2 && (r.entity1NavigationPropertyName ?? r.schemaName) === (r.entity2NavigationPropertyName ?? r.schemaName))
        problems.push({ file, element, message: 'a self-referencing relationship needs two different navigation property names' });
    }
  }
}

/** All problems in the definitions (empty when valid). */
export function validateSource(source: SolutionSource, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const { file: publisherFile, def: publisher } = source.publisher;
  if (!/^[a-z][a-z0-9]{1,7}$/.test(publisher.prefix))
    problems.push({ file: publisherFile, element: 'prefix', message: 'must be 2-8 lower-case letters or digits' });
  if (!Number.isInteger(publisher.optionValuePrefix) || publisher.optionValuePrefix < 10000 || publisher.optionValuePrefix > 99999) {
    problems.push({ file: publisherFile, element: 'optionValuePrefix', message: 'must be a five-digit number (10000-99999)' });
  }
  problems.push(...missingLabels(publisherFile, publisher, 'publisher'));
  problems.push(...missingLabels(source.solution.file, source.solution.def, 'solution'));
  const tableNames = new NameRegistry('table', problems);
  const entitySets = new NameRegistry('entity set', problems);
  const optionSets = new NameRegistry('option set', problems);
  const relationships = new NameRegistry('relationship', problems);
  const keys = new NameRegistry('key', problems);
  checkOptionSets(problems, source, optionSets);
  for (const { file, def } of source.optionSets) problems.push(...missingLabels(file, def, `optionset ${def.name}`));
  const tables = new Set(source.tables.map((t) => t.def.schemaName.toLowerCase()));
  for (const sourced of source.tables) {
    const { file, def } = sourced;
    tableNames.add(def.schemaName, file, `table ${def.schemaName}`);
    entitySets.add(def.entitySetName, file, `table ${def.schemaName} entitySetName`);
    if (!def.schemaName.startsWith(`${publisher.prefix}_`))
      problems.push({ file, element: `table ${def.schemaName}`, message: `schema name must start with "${publisher.prefix}_"` });
    for (const key of def.keys) keys.add(key.schemaName, file, `key ${key.schemaName}`);
    checkTable(problems, sourced, source, tables, relationships);
    problems.push(...missingLabels(file, def, `table ${def.schemaName}`));
  }
  checkManyToMany(problems, source, tables, relationships, tableNames);
  problems.push(...validateUi(source, options));
  return problems;
}

export function assertValidSource(source: SolutionSource, options: ValidateOptions): void {
  const problems = validateSource(source, options);
  if (problems.length > 0) throw new SolutionDefinitionError(problems);
}

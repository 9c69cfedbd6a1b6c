/**
 * Checks the parts people see and the security around them: forms and views name only columns
 * that exist (and views never show a secured column), roles and field security name real tables
 * and columns, and the app's sitemap points at tables and web resources that exist.
 */
import type { FormCellDef, TableDef } from '../src/dsl/types.js';
import type { Problem } from './errors.js';
import type { SolutionSource } from './load.js';
import { primaryKeyColumn, systemColumns } from './system-columns.js';
import { checkFormScripts } from './validate-form-scripts.js';
import { missingLabels } from './validate-labels.js';
import { validateAnalytics } from './validate-analytics.js';
import { NameRegistry } from './names.js';
import type { ValidateOptions } from './validate.js';

/** Logical names of every column of a table, platform columns included. */
export function columnNames(table: TableDef): Set<string> {
  return new Set([
    primaryKeyColumn(table).logicalName,
    ...systemColumns(table).map((c) => c.logicalName),
    ...[table.primaryName, ...table.columns].map((c) => c.schemaName.toLowerCase()),
  ]);
}

function securedColumns(table: TableDef): Set<string> {
  return new Set(table.columns.filter((c) => c.secured).map((c) => c.schemaName.toLowerCase()));
}

function cellColumn(cell: FormCellDef): string | undefined {
  if (typeof cell === 'string') return cell;
  return 'column' in cell ? cell.column : undefined;
}

/** Whether an N:N relationship (TableDef.manyToMany, declared on either table) of that name joins the two tables. */
function pairs(source: SolutionSource, relationship: string, a: string, b: string): boolean {
  return source.tables.some(({ def }) =>
    (def.manyToMany ?? []).some((r) => r.schemaName === relationship && ((r.entity1 === a && r.entity2 === b) || (r.entity1 === b && r.entity2 === a))),
  );
}

function checkForms(problems: Problem[], source: SolutionSource, options: ValidateOptions, ids: NameRegistry): void {
  const tables = new Map(source.tables.map((t) => [t.def.schemaName.toLowerCase(), t.def]));
  const views = new Map(source.views.map((v) => [v.def.table, new Set(v.def.views.map((view) => view.id))]));
  for (const { file, def } of source.forms) {
    const table = tables.get(def.table);
    if (!table) {
      problems.push({ file, element: 'forms', message: `file name "${def.table}" is not a table defined in solution/src/tables/` });
      continue;
    }
    const columns = columnNames(table);
    for (const form of def.forms) {
      ids.add(form.id, file, `form ${form.id}`);
      problems.push(...missingLabels(file, form, `form ${form.id}`));
      problems.push(...checkFormScripts(file, table, form, options.webResources));
      for (const column of form.header ?? []) {
        if (!columns.has(column))
          problems.push({ file, element: `form ${form.id} > header > ${column}`, message: `unknown column "${column}" of ${def.table}` });
      }
      for (const tab of form.tabs) {
        for (const section of tab.sections) {
          for (const cell of section.cells) {
            const where = `form ${form.id} > tab ${tab.id} > section ${section.id}`;
            const column = cellColumn(cell);
            if (column !== undefined && !columns.has(column)) {
              problems.push({ file, element: `${where} > cell ${column}`, message: `unknown column "${column}" of ${def.table}` });
            }
            if (
              typeof cell === 'object' &&
              'customControl' in cell &&
              cell.customControl !== undefined &&
              options.customControls &&
              !options.customControls.has(cell.customControl)
            ) {
              problems.push({
                file,
                element: `${where} > cell ${column}`,
                message: `custom control "${cell.customControl}" is not built (no pcf-controls/*/out/controls/*/ControlManifest.xml declares it)`,
              });
            }
            if (typeof cell === 'object' && 'subgrid' in cell) {
              const { subgrid } = cell;
              const target = tables.get(subgrid.table);
              if (!target) problems.push({ file, element: `${where} > subgrid ${subgrid.id}`, message: `unknown table "${subgrid.table}"` });
              else if (
                !target.columns.some((c) => c.kind === 'lookup' && c.relationship === subgrid.relationship) &&
                !pairs(source, subgrid.relationship, def.table, subgrid.table)
              ) {
                problems.push({
                  file,
                  element: `${where} > subgrid ${subgrid.id}`,
                  message: `"${subgrid.table}" has no relationship "${subgrid.relationship}"`,
                });
              }
              if (!views.get(subgrid.table)?.has(subgrid.view))
                problems.push({ file, element: `${where} > subgrid ${subgrid.id}`, message: `unknown view "${subgrid.view}" of ${subgrid.table}` });
            }
          }
        }
      }
    }
  }
}

function checkViews(problems: Problem[], source: SolutionSource, ids: NameRegistry): void {
  const tables = new Map(source.tables.map((t) => [t.def.schemaName.toLowerCase(), t.def]));
  for (const { file, def } of source.views) {
    const table = tables.get(def.table);
    if (!table) {
      problems.push({ file, element: 'views', message: `file name "${def.table}" is not a table defined in solution/src/tables/` });
      continue;
    }
    const columns = columnNames(table);
    const secured = securedColumns(table);
    for (const view of def.views) {
      ids.add(view.id, file, `view ${view.id}`);
      problems.push(...missingLabels(file, view, `view ${view.id}`));
      const named = [
        ...view.columns.map((c) => ['cell', c.column] as const),
        ...view.order.map((o) => ['order', o.column] as const),
        ...(view.filter ?? []).map((c) => ['condition', c.column] as const),
        ...(view.anyOf ?? []).map((c) => ['condition', c.column] as const),
        ...(view.findColumns ?? []).map((c) => ['findColumn', c] as const),
      ];
      for (const [kind, column] of named) {
        const element = `view ${view.id} > ${kind} ${column}`;
        if (!columns.has(column)) problems.push({ file, element, message: `unknown column "${column}" of ${def.table}` });
        else if (secured.has(column)) problems.push({ file, element, message: `secured column "${column}" must not appear in a view` });
      }
    }
  }
}

function checkSecurity(problems: Problem[], source: SolutionSource): void {
  const tables = new Map(source.tables.map((t) => [t.def.schemaName.toLowerCase(), t.def]));
  const roleNames = new NameRegistry('role', problems);
  const roleIds = new NameRegistry('role id', problems);
  for (const { file, def } of source.roles) {
    roleNames.add(def.name, file, `role ${def.name}`);
    roleIds.add(def.id, file, `role ${def.id}`);
    problems.push(...missingLabels(file, def, `role ${def.id}`));
    for (const privileges of def.tables) {
      const table = tables.get(privileges.table);
      if (!table) problems.push({ file, element: `role ${def.id} > table ${privileges.table}`, message: `unknown table "${privileges.table}"` });
      else if (table.ownership === 'OrganizationOwned') {
        for (const [privilege, depth] of Object.entries(privileges)) {
          if (privilege === 'table' || depth === undefined) continue;
          if (privilege === 'assign' || privilege === 'share')
            problems.push({
              file,
              element: `role ${def.id} > table ${privileges.table}`,
              message: `${privilege} does not exist for an organization-owned table`,
            });
          else if (depth !== 'Global')
            problems.push({
              file,
              element: `role ${def.id} > table ${privileges.table}`,
              message: `${privilege} must be Global for an organization-owned table (was ${depth})`,
            });
        }
      }
    }
  }
  const profiles = new NameRegistry('field security profile', problems);
  const covered = new Set<string>();
  for (const { file, def } of source.fieldSecurityProfiles) {
    profiles.add(def.name, file, `fieldsecurityprofile ${def.name}`);
    for (const permission of def.permissions) {
      const table = tables.get(permission.table);
      const element = `fieldsecurityprofile ${def.name} > ${permission.table}.${permission.column}`;
      if (!table) problems.push({ file, element, message: `unknown table "${permission.table}"` });
      else if (!securedColumns(table).has(permission.column))
        problems.push({ file, element, message: `"${permission.column}" is not a secured column of ${permission.table}` });
      covered.add(`${permission.table}.${permission.column}`);
    }
  }
  for (const { file, def } of source.tables) {
    for (const column of securedColumns(def)) {
      if (!covered.has(`${def.schemaName.toLowerCase()}.${column}`))
        problems.push({ file, element: `column ${column}`, message: 'secured column is in no field security profile under solution/src/security/' });
    }
  }
}

function checkApp(problems: Problem[], source: SolutionSource, options: ValidateOptions): void {
  const tables = new Set(source.tables.map((t) => t.def.schemaName.toLowerCase()));
  if (!source.appModule || !source.siteMap) {
    if (options.forPack) problems.push({ file: 'solution/src/app/', element: 'app', message: 'appmodule.ts and sitemap.ts are required' });
  }
  if (source.appModule) {
    const { file, def } = source.appModule;
    problems.push(...missingLabels(file, def, 'appmodule'));
    for (const role of def.roles) {
      if (!source.roles.some((r) => r.def.id === role)) problems.push({ file, element: `appmodule > role ${role}`, message: `unknown role id "${role}"` });
    }
  }
  if (source.siteMap) {
    const { file, def } = source.siteMap;
    problems.push(...missingLabels(file, def, 'sitemap'));
    const ids = new NameRegistry('sitemap id', problems);
    for (const area of def.areas) {
      ids.add(area.id, file, `area ${area.id}`);
      for (const group of area.groups) {
        ids.add(group.id, file, `group ${group.id}`);
        for (const sub of group.subAreas) {
          const element = `area ${area.id} > group ${group.id} > subarea ${sub.id}`;
          ids.add(sub.id, file, element);
          if ('table' in sub && !tables.has(sub.table)) problems.push({ file, element, message: `unknown table "${sub.table}"` });
          if ('webResource' in sub && options.webResources && !options.webResources.has(sub.webResource)) {
            problems.push({ file, element, message: `web resource "${sub.webResource}" is not in webresources/manifest.json` });
          }
        }
      }
    }
  }
  const envVars = new NameRegistry('environment variable', problems);
  for (const { file, def } of source.environmentVariables) {
    envVars.add(def.schemaName, file, `environmentvariable ${def.schemaName}`);
    problems.push(...missingLabels(file, def, `environmentvariable ${def.schemaName}`));
  }
}

export function validateUi(source: SolutionSource, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const formIds = new NameRegistry('form id', problems);
  const viewIds = new NameRegistry('view id', problems);
  checkForms(problems, source, options, formIds);
  checkViews(problems, source, viewIds);
  checkSecurity(problems, source);
  checkApp(problems, source, options);
  problems.push(...validateAnalytics(source));
  return problems;
}

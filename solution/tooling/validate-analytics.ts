/**
 * Charts and dashboards: each chart's file names a table, its columns exist, sums and averages are over numbers,
 * date grouping is over a date, at most one default chart per table; each dashboard's charts and views exist and
 * belong to the table named. Labels in both languages everywhere.
 */
import type { ColumnDef, TableDef } from '../src/dsl/types.js';
import type { Problem } from './errors.js';
import type { SolutionSource } from './load.js';
import { NameRegistry } from './names.js';
import { systemColumns } from './system-columns.js';
import { missingLabels } from './validate-labels.js';

const NUMERIC = new Set<ColumnDef['kind']>(['int', 'decimal']);

function columnKind(table: TableDef, name: string): ColumnDef['kind'] | 'system' | undefined {
  const own = [table.primaryName, ...table.columns].find((c) => c.schemaName.toLowerCase() === name);
  if (own) return own.kind;
  return systemColumns(table).some((c) => c.logicalName === name) || name === `${table.schemaName.toLowerCase()}id` ? 'system' : undefined;
}

function checkCharts(problems: Problem[], source: SolutionSource): void {
  for (const { file, def } of source.charts) {
    const table = source.tables.find((t) => t.def.schemaName.toLowerCase() === def.table)?.def;
    if (!table) {
      problems.push({ file, element: 'charts', message: `file name "${def.table}" is not a table of solution/src/tables/` });
      continue;
    }
    const ids = new NameRegistry('chart id', problems);
    problems.push(...missingLabels(file, def.charts, `charts ${def.table}`));
    if (def.charts.filter((c) => c.isDefault).length > 1) problems.push({ file, element: 'charts', message: 'more than one default chart' });
    for (const chart of def.charts) {
      const element = `chart ${chart.id}`;
      ids.add(chart.id, file, element);
      const at = (message: string) => problems.push({ file, element, message });
      const category = columnKind(table, chart.category.column);
      if (!category) at(`unknown category column "${chart.category.column}"`);
      if (chart.category.dateGrouping && category !== 'datetime' && category !== 'system')
        at(`date grouping needs a date column; "${chart.category.column}" is ${category ?? 'unknown'}`);
      if (chart.series && !columnKind(table, chart.series.column)) at(`unknown series column "${chart.series.column}"`);
      const measure = columnKind(table, chart.measure.column);
      if (!measure) at(`unknown measure column "${chart.measure.column}"`);
      else if (['sum', 'avg'].includes(chart.measure.aggregate) && !NUMERIC.has(measure as ColumnDef['kind']))
        at(`${chart.measure.aggregate} needs a number column; "${chart.measure.column}" is ${measure}`);
      if (chart.kind === 'pie' && chart.series) at('a pie chart has one series');
    }
  }
}

function checkDashboards(problems: Problem[], source: SolutionSource): void {
  const ids = new NameRegistry('dashboard id', problems);
  for (const { file, def } of source.dashboards) {
    ids.add(def.id, file, `dashboard ${def.id}`);
    problems.push(...missingLabels(file, def, `dashboard ${def.id}`));
    if (def.charts.length === 0) problems.push({ file, element: `dashboard ${def.id}`, message: 'has no charts' });
    def.charts.forEach((component, i) => {
      const element = `dashboard ${def.id} > chart ${i + 1}`;
      const charts = source.charts.find((c) => c.def.table === component.table)?.def.charts ?? [];
      const views = source.views.find((v) => v.def.table === component.table)?.def.views ?? [];
      if (!charts.some((c) => c.id === component.chart))
        problems.push({ file, element, message: `chart "${component.chart}" is not in solution/src/charts/${component.table}.ts` });
      if (!views.some((v) => v.id === component.view))
        problems.push({ file, element, message: `view "${component.view}" is not in solution/src/views/${component.table}.ts` });
    });
  }
  for (const area of source.siteMap?.def.areas ?? [])
    for (const group of area.groups)
      for (const sub of group.subAreas)
        if ('dashboard' in sub && !source.dashboards.some((d) => d.def.id === sub.dashboard))
          problems.push({
            file: source.siteMap!.file,
            element: `area ${area.id} > group ${group.id} > subarea ${sub.id}`,
            message: `unknown dashboard "${sub.dashboard}"`,
          });
}

export function validateAnalytics(source: SolutionSource): Problem[] {
  const problems: Problem[] = [];
  checkCharts(problems, source);
  checkDashboards(problems, source);
  return problems;
}

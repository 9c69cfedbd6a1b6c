/**
 * Charts and dashboards from the DSL to customizations.xml: a table's `<Visualizations>` (aggregate fetch, category
 * and measure, chart layout), a system dashboard of chart components, its sitemap sub area and app components, all
 * valid against the 9.0 schema; and the validation of bad definitions. A daily-statistics table stands in when the
 * repository has no wxm_dailystat.ts yet (the account engineer owns it).
 */
import { describe, expect, it } from 'vitest';
import { dateTime, int, text } from '../../solution/src/dsl/columns.js';
import { label } from '../../solution/src/dsl/labels.js';
import type { ChartDef, DashboardDef } from '../../solution/src/dsl/types-analytics.js';
import type { TableDef } from '../../solution/src/dsl/types.js';
import { DEFAULT_REPO_ROOT, type SolutionSource } from '../../solution/tooling/load.js';
import { validateSource } from '../../solution/tooling/validate.js';
import { buildPackages, readPackageVersion } from './pack.js';
import { chartGuid } from './customizations/charts.js';
import { dashboardGuid } from './customizations/dashboards.js';
import { cloneSource, parseXml, unzip, xsdErrors } from './test-support.js';

const CHARTS: ChartDef[] = [
  {
    id: 'newbysource',
    name: label('New Followers by Source', '按来源的新增粉丝'),
    description: label('New followers per day, stacked by where they came from.', '每日新增粉丝，按来源堆叠。'),
    kind: 'stackedColumn',
    category: { column: 'wxm_date', dateGrouping: 'day' },
    series: { column: 'wxm_usersource' },
    measure: { column: 'wxm_newusers', aggregate: 'sum' },
    isDefault: true,
  },
  {
    id: 'cumulative',
    name: label('Cumulative Followers', '累计粉丝'),
    description: label('Followers at the end of each day.', '每日结束时的粉丝总数。'),
    kind: 'line',
    category: { column: 'wxm_date', dateGrouping: 'day' },
    measure: { column: 'wxm_cumulateusers', aggregate: 'max' },
  },
];

const DASHBOARD: DashboardDef = {
  id: 'wxm_dashboard_followers',
  name: label('Follower Analytics', '粉丝分析'),
  description: label('Daily follower figures from WeChat.', '来自微信的每日粉丝数据。'),
  charts: [
    { table: 'wxm_dailystat', chart: 'newbysource', view: 'wxm_dailystat_all', label: label('New followers by source', '按来源的新增粉丝') },
    { table: 'wxm_dailystat', chart: 'cumulative', view: 'wxm_dailystat_all', label: label('Cumulative followers', '累计粉丝') },
  ],
};

function statTable(): TableDef {
  const l = (en: string) => label(en, `${en}（中）`);
  return {
    schemaName: 'wxm_DailyStat',
    entitySetName: 'wxm_dailystats',
    displayName: l('Daily Statistic'),
    pluralName: l('Daily Statistics'),
    description: l('Follower figures of one day.'),
    ownership: 'OrganizationOwned',
    primaryName: text('wxm_Name', l('Name'), l('Name.'), 100),
    columns: [
      dateTime('wxm_Date', l('Date'), l('Day.'), { format: 'date', behavior: 'DateOnly' } as never),
      int('wxm_UserSource', l('Source'), l('user_source.'), 0, 100000),
      int('wxm_NewUsers', l('New'), l('New.'), 0, 100000000),
      int('wxm_CumulateUsers', l('Cumulative'), l('Cumulative.'), 0, 100000000),
    ],
    keys: [],
    hasNotes: false,
    quickCreate: false,
    audit: false,
  };
}

async function sourceWithAnalytics(): Promise<SolutionSource> {
  const source = await cloneSource();
  if (!source.tables.some((t) => t.def.schemaName.toLowerCase() === 'wxm_dailystat')) {
    source.tables.push({ file: 'solution/src/tables/wxm_dailystat.ts', def: statTable() });
  }
  if (!source.views.some((v) => v.def.table === 'wxm_dailystat' && v.def.views.some((x) => x.id === 'wxm_dailystat_all'))) {
    const view = {
      id: 'wxm_dailystat_all',
      type: 'public' as const,
      name: label('All Daily Statistics', '全部每日统计'),
      description: label('Every day.', '每一天。'),
      columns: [{ column: 'wxm_name', width: 200 }],
      order: [{ column: 'wxm_name', descending: false }],
    };
    const existing = source.views.find((v) => v.def.table === 'wxm_dailystat');
    if (existing) existing.def.views.push(view);
    else source.views.push({ file: 'solution/src/views/wxm_dailystat.ts', def: { table: 'wxm_dailystat', views: [view] } });
  }
  source.charts = source.charts.filter((c) => c.def.table !== 'wxm_dailystat');
  source.charts.push({ file: 'solution/src/charts/wxm_dailystat.ts', def: { table: 'wxm_dailystat', charts: structuredClone(CHARTS) } });
  source.dashboards = [{ file: 'solution/src/dashboards/wxm_dashboard_followers.ts', def: structuredClone(DASHBOARD) }];
  const area = source.siteMap!.def.areas[0]!;
  area.groups = area.groups.filter((g) => g.id !== 'wxm_group_test_analytics');
  area.groups.push({
    id: 'wxm_group_test_analytics',
    title: label('Analytics', '分析'),
    subAreas: [{ id: 'wxm_subarea_test_dashboard', title: label('Follower Analytics', '粉丝分析'), dashboard: DASHBOARD.id }],
  });
  return source;
}

describe('charts and dashboards', () => {
  it('pack valid against the 9.0 schema, with the chart fetch, category, measure and series', async () => {
    const packages = buildPackages(await sourceWithAnalytics(), readPackageVersion(DEFAULT_REPO_ROOT));
    const xml = unzip(packages.unmanaged).get('customizations.xml')!;
    expect(xsdErrors(xml)).toBe('');
    const root = parseXml(xml).ImportExportXml;
    const stat = root.Entities.Entity.find((e: any) => e.EntityInfo.entity['@Name'].toLowerCase() === 'wxm_dailystat');
    const visualizations = [stat.Visualizations.visualization].flat();
    expect(
      visualizations.map((v: any) => [v.savedqueryvisualizationid, v.isdefault, v.LocalizedNames.LocalizedName.map((n: any) => n['@description'])]),
    ).toEqual([
      [chartGuid('wxm_dailystat', 'newbysource'), 1, ['New Followers by Source', '按来源的新增粉丝']],
      [chartGuid('wxm_dailystat', 'cumulative'), 0, ['Cumulative Followers', '累计粉丝']],
    ]);
    const [bySource] = visualizations;
    const entity = bySource.datadescription.datadefinition.fetchcollection.fetch;
    expect(entity['@aggregate']).toBe('true');
    expect(entity.entity['@name']).toBe('wxm_dailystat');
    expect(entity.entity.attribute).toEqual([
      { '@name': 'wxm_newusers', '@aggregate': 'sum', '@alias': 'measure' },
      { '@name': 'wxm_date', '@groupby': 'true', '@alias': 'category', '@dategrouping': 'day' },
      { '@name': 'wxm_usersource', '@groupby': 'true', '@alias': 'series' },
    ]);
    expect(bySource.datadescription.datadefinition.categorycollection.category).toEqual({
      '@alias': 'category',
      measurecollection: { measure: { '@alias': 'measure' } },
    });
    expect(bySource.presentationdescription.Chart.Series.Series['@ChartType']).toBe('StackedColumn');
    expect(visualizations[1].presentationdescription.Chart.Series.Series['@ChartType']).toBe('Line');
  });

  it('pack a system dashboard of chart components, its sitemap sub area, app components and root component', async () => {
    const packages = buildPackages(await sourceWithAnalytics(), readPackageVersion(DEFAULT_REPO_ROOT));
    const files = unzip(packages.unmanaged);
    const root = parseXml(files.get('customizations.xml')!).ImportExportXml;
    const dashboard = root.Dashboards.Dashboard;
    expect(dashboard.FormId).toBe(dashboardGuid(DASHBOARD.id));
    expect(dashboard.FormXml.forms[0]['@type']).toBe('dashboard');
    const cells = [dashboard.FormXml.forms[0].form.tabs.tab[0].columns.column.sections.section[0].rows.row[0].cell].flat();
    expect(
      cells.map((c: any) => [
        c.control['@classid'],
        c.control.parameters.ChartGridMode,
        c.control.parameters.VisualizationId,
        c.control.parameters.TargetEntityType,
      ]),
    ).toEqual([
      ['{E7A81278-8635-4d9e-8D4D-59480B391C5B}', 'Chart', chartGuid('wxm_dailystat', 'newbysource'), 'wxm_dailystat'],
      ['{E7A81278-8635-4d9e-8D4D-59480B391C5B}', 'Chart', chartGuid('wxm_dailystat', 'cumulative'), 'wxm_dailystat'],
    ]);
    const group = root.AppModuleSiteMaps.AppModuleSiteMap.SiteMap.Area[0].Group.find((g: any) => g['@Id'] === 'wxm_group_test_analytics');
    expect([group.SubArea[0]['@DefaultDashboard'], group.SubArea[0]['@Url']]).toEqual([dashboardGuid(DASHBOARD.id), '/workplace/home_dashboards.aspx']);
    const components = root.AppModules.AppModule.AppModuleComponents.AppModuleComponent;
    expect(components.filter((c: any) => c['@type'] === '59').map((c: any) => c['@id'])).toEqual(CHARTS.map((c) => chartGuid('wxm_dailystat', c.id)));
    expect(components.filter((c: any) => c['@type'] === '60').map((c: any) => c['@id'])).toContain(dashboardGuid(DASHBOARD.id));
    const roots = parseXml(files.get('solution.xml')!).ImportExportXml.SolutionManifest.RootComponents.RootComponent;
    expect(roots.filter((r: any) => r['@type'] === '60').map((r: any) => r['@id'])).toEqual([dashboardGuid(DASHBOARD.id)]);
  });

  it('refuse unknown columns, a sum of text, date grouping of a number, a second default and missing charts, views and dashboards', async () => {
    const source = await sourceWithAnalytics();
    const charts = source.charts.find((c) => c.def.table === 'wxm_dailystat')!.def.charts;
    charts[0]!.series = { column: 'wxm_nothing' };
    charts[1]!.measure = { column: 'wxm_name', aggregate: 'sum' };
    charts[1]!.category = { column: 'wxm_newusers', dateGrouping: 'month' };
    charts[1]!.isDefault = true;
    source.dashboards[0]!.def.charts.push({ table: 'wxm_dailystat', chart: 'gone', view: 'wxm_dailystat_gone', label: label('x', 'x') });
    source.siteMap!.def.areas[0]!.groups.at(-1)!.subAreas.push({ id: 'wxm_subarea_test_gone', title: label('x', 'x'), dashboard: 'wxm_gone' });
    const messages = validateSource(source, { forPack: false }).map((p) => `${p.element}: ${p.message}`);
    expect(messages).toEqual([
      'charts: more than one default chart',
      'chart newbysource: unknown series column "wxm_nothing"',
      'chart cumulative: date grouping needs a date column; "wxm_newusers" is int',
      'chart cumulative: sum needs a number column; "wxm_name" is text',
      'dashboard wxm_dashboard_followers > chart 3: chart "gone" is not in solution/src/charts/wxm_dailystat.ts',
      'dashboard wxm_dashboard_followers > chart 3: view "wxm_dailystat_gone" is not in solution/src/views/wxm_dailystat.ts',
      `area ${source.siteMap!.def.areas[0]!.id} > group wxm_group_test_analytics > subarea wxm_subarea_test_gone: unknown dashboard "wxm_gone"`,
    ]);
  });
});

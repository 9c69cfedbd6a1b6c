/**
 * `<Visualizations>` of a table: one `<visualization>` per chart, as exports write savedqueryvisualization rows.
 * datadescription holds the aggregate fetch and the category with its measure; presentationdescription the chart
 * control's series and area (https://learn.microsoft.com/power-apps/developer/model-driven-apps/understand-charts-underlying-data-chart-representation,
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/sample-charts).
 */
import type { ChartDef, ChartKind } from '../../../solution/src/dsl/types-analytics.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

/** The chart control's ChartType names (System.Web.UI.DataVisualization.Charting.SeriesChartType). */
const CHART_TYPES: Record<ChartKind, string> = {
  column: 'Column',
  stackedColumn: 'StackedColumn',
  bar: 'Bar',
  line: 'Line',
  area: 'Area',
  pie: 'Pie',
};

/** Aliases of the fetch's attributes, the names the category and measure refer to. */
const MEASURE = 'measure';
const CATEGORY = 'category';
const SERIES = 'series';

export function chartFetch(table: string, chart: ChartDef): XmlElement {
  const measure = chart.measure;
  return el(
    'fetch',
    { mapping: 'logical', aggregate: 'true' },
    el(
      'entity',
      { name: table },
      el('attribute', { name: measure.column, aggregate: measure.aggregate, alias: MEASURE }),
      el('attribute', { name: chart.category.column, groupby: 'true', alias: CATEGORY, dategrouping: chart.category.dateGrouping }),
      chart.series ? el('attribute', { name: chart.series.column, groupby: 'true', alias: SERIES }) : undefined,
    ),
  );
}

function dataDescription(table: string, chart: ChartDef): XmlElement {
  return el(
    'datadescription',
    {},
    el(
      'datadefinition',
      {},
      el('fetchcollection', {}, chartFetch(table, chart)),
      el('categorycollection', {}, el('category', { alias: CATEGORY }, el('measurecollection', {}, el('measure', { alias: MEASURE })))),
    ),
  );
}

function presentationDescription(chart: ChartDef): XmlElement {
  const type = CHART_TYPES[chart.kind];
  return el(
    'presentationdescription',
    {},
    el(
      'Chart',
      { Palette: chart.series ? 'BrightPastel' : 'None', PaletteCustomColors: chart.series ? undefined : '55,118,193' },
      el(
        'Series',
        {},
        el('Series', {
          ChartType: type,
          IsValueShownAsLabel: 'True',
          Font: '{0}, 9.5px',
          LabelForeColor: '59, 59, 59',
          CustomProperties: chart.kind === 'pie' ? 'PieLabelStyle=Inside, PieDrawingStyle=Default' : 'PointWidth=0.75, MaxPixelPointWidth=40',
        }),
      ),
      el(
        'ChartAreas',
        {},
        el(
          'ChartArea',
          { BorderColor: 'White', BorderDashStyle: 'Solid' },
          el('AxisY', { LabelAutoFitMinFontSize: 8, TitleForeColor: '59, 59, 59', TitleFont: '{0}, 10.5px', LineColor: '165, 172, 181' }),
          el('AxisX', { LabelAutoFitMinFontSize: 8, TitleForeColor: '59, 59, 59', TitleFont: '{0}, 10.5px', LineColor: '165, 172, 181' }),
        ),
      ),
      el('Titles', {}, el('Title', { Alignment: 'TopLeft', DockingOffset: '-3', Font: '{0}, 13px', ForeColor: '59, 59, 59' })),
      chart.series ? el('Legends', {}, el('Legend', { Alignment: 'Center', LegendStyle: 'Table', Docking: 'Right', Font: '{0}, 11px' })) : undefined,
    ),
  );
}

export function visualizationsXml(table: string, charts: ChartDef[]): XmlElement | undefined {
  if (charts.length === 0) return undefined;
  return el(
    'Visualizations',
    {},
    charts.map((chart) =>
      el(
        'visualization',
        {},
        leaf('savedqueryvisualizationid', chartGuid(table, chart.id)),
        dataDescription(table, chart),
        presentationDescription(chart),
        leaf('isdefault', chart.isDefault === true),
        leaf('IsCustomizable', true),
        leaf('CanBeDeleted', true),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        labels('LocalizedNames', 'LocalizedName', chart.name),
        labels('Descriptions', 'Description', chart.description),
      ),
    ),
  );
}

/** The GUID of a table's chart (dashboards and the app module point at it). */
export const chartGuid = (table: string, chartId: string) => guid('chart', `${table}/${chartId}`);

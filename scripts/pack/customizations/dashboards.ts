/**
 * `<Dashboards>`: system dashboards (systemform of type dashboard, objecttypecode none) whose cells are chart
 * components: the grid control in Chart mode over a view, with the chart's VisualizationId
 * (https://learn.microsoft.com/power-apps/developer/model-driven-apps/create-dashboard,
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/dashboard-components-formxml).
 */
import type { DashboardDef } from '../../../solution/src/dsl/types-analytics.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { chartGuid } from './charts.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

/** The platform grid control that shows a view as a chart on a dashboard (the same class as a form sub-grid). */
const GRID_CONTROL = '{E7A81278-8635-4d9e-8D4D-59480B391C5B}';

export const dashboardGuid = (id: string) => guid('dashboard', id);

function chartCell(dashboard: DashboardDef, index: number): XmlElement {
  const component = dashboard.charts[index]!;
  const viewId = guid('view', component.view);
  return el(
    'cell',
    { id: guid('cell', `dashboard/${dashboard.id}/${index}`), colspan: 1, rowspan: 12, showlabel: 'true', auto: 'false' },
    labels('labels', 'label', component.label),
    el(
      'control',
      { id: `chart_${index}`, classid: GRID_CONTROL },
      el(
        'parameters',
        {},
        leaf('ViewId', viewId),
        leaf('IsUserView', 'false'),
        leaf('RelationshipName', ''),
        leaf('TargetEntityType', component.table),
        leaf('AutoExpand', 'Fixed'),
        leaf('EnableQuickFind', 'false'),
        leaf('EnableViewPicker', 'false'),
        leaf('EnableJumpBar', 'false'),
        leaf('ChartGridMode', 'Chart'),
        leaf('VisualizationId', chartGuid(component.table, component.chart)),
        leaf('IsUserChart', 'false'),
        leaf('EnableChartPicker', 'false'),
        leaf('RecordsPerPage', 10),
      ),
    ),
  );
}

function dashboardForm(dashboard: DashboardDef): XmlElement {
  const rows: XmlElement[] = [];
  for (let i = 0; i < dashboard.charts.length; i += 2) {
    rows.push(el('row', {}, chartCell(dashboard, i), i + 1 < dashboard.charts.length ? chartCell(dashboard, i + 1) : undefined));
  }
  return el(
    'form',
    {},
    el(
      'tabs',
      {},
      el(
        'tab',
        { name: 'charts', id: guid('tab', `dashboard/${dashboard.id}`), verticallayout: 'true', showlabel: 'false' },
        labels('labels', 'label', dashboard.name),
        el(
          'columns',
          {},
          el(
            'column',
            { width: '100%' },
            el(
              'sections',
              {},
              el(
                'section',
                { name: 'charts', id: guid('section', `dashboard/${dashboard.id}`), showlabel: 'false', showbar: 'false', columns: '11' },
                labels('labels', 'label', dashboard.name),
                el('rows', {}, rows),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function dashboardsXml(dashboards: DashboardDef[]): XmlElement | undefined {
  if (dashboards.length === 0) return undefined;
  return el(
    'Dashboards',
    {},
    dashboards.map((d) =>
      el(
        'Dashboard',
        {},
        labels('LocalizedNames', 'LocalizedName', d.name),
        labels('Descriptions', 'Description', d.description),
        leaf('FormId', dashboardGuid(d.id)),
        leaf('IsCustomizable', true),
        leaf('CanBeDeleted', true),
        leaf('IsDefault', false),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        leaf('IsTabletEnabled', false),
        el('FormXml', {}, el('forms', { type: 'dashboard' }, dashboardForm(d))),
      ),
    ),
  );
}

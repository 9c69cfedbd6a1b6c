/**
 * Charts (savedqueryvisualization) and system dashboards. A table's charts live in solution/src/charts/<table>.ts
 * (an array of ChartDef); each dashboard in solution/src/dashboards/<id>.ts. The pack turns a chart into the
 * fetch (datadescription) and the chart control's layout (presentationdescription) Dataverse stores
 * (https://learn.microsoft.com/power-apps/developer/model-driven-apps/understand-charts-underlying-data-chart-representation),
 * and a dashboard into a systemform of type dashboard whose cells show charts over a view.
 */
import type { Label } from './labels.js';

export type ChartKind = 'column' | 'stackedColumn' | 'bar' | 'line' | 'area' | 'pie';
export type Aggregate = 'sum' | 'count' | 'countcolumn' | 'avg' | 'min' | 'max';
export type DateGrouping = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface ChartDef {
  /** Stable id; the chart's GUID is derived from it. */
  id: string;
  name: Label;
  description: Label;
  kind: ChartKind;
  /** The horizontal axis (the category): a column grouped by value, dates grouped by `dateGrouping`. */
  category: { column: string; dateGrouping?: DateGrouping };
  /** Optional second grouping: one series per value of this column (e.g. by source, stacked). */
  series?: { column: string };
  /** The plotted value. */
  measure: { column: string; aggregate: Aggregate };
  /** The table's default chart (at most one per table). */
  isDefault?: boolean;
}

/** One component of a dashboard: a chart over a view of its table. */
export interface DashboardChartDef {
  /** Logical name of the chart's table. */
  table: string;
  /** ChartDef.id of one of that table's charts. */
  chart: string;
  /** ViewDef.id of one of that table's views: the rows the chart aggregates. */
  view: string;
  label: Label;
}

export interface DashboardDef {
  /** Stable id; the dashboard's GUID is derived from it. */
  id: string;
  name: Label;
  description: Label;
  /** Charts in reading order, two per row. */
  charts: DashboardChartDef[];
}

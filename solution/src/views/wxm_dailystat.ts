/**
 * Views of daily statistics. The dashboard's charts aggregate two of them: the per-source rows (new followers by
 * source) and the all-sources rows (one a day: totals and the cumulative count), so no figure is counted twice.
 */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

/** user_source -1 marks the all-sources row of a day (solution/src/tables/wxm_dailystat.ts). */
const ALL_SOURCES = -1;
const totals = { column: 'wxm_usersource', operator: 'eq', value: ALL_SOURCES } as const;
const bySource = { column: 'wxm_usersource', operator: 'ne', value: ALL_SOURCES } as const;
const listColumns = [
  { column: 'wxm_date', width: 110 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_usersource', width: 90 },
  { column: 'wxm_newusers', width: 110 },
  { column: 'wxm_cancelusers', width: 110 },
  { column: 'wxm_netusers', width: 110 },
  { column: 'wxm_cumulateusers', width: 120 },
];
const newestFirst = [{ column: 'wxm_date', descending: true }];

const views: ViewDef[] = [
  {
    id: 'wxm_dailystat_all',
    type: 'public',
    name: label('All Daily Statistics', '全部每日统计'),
    description: label('Every day and source of every account.', '所有公众号的每一天、每个来源。'),
    columns: listColumns,
    order: newestFirst,
  },
  {
    id: 'wxm_dailystat_totals',
    type: 'public',
    isDefault: true,
    name: label('Daily Totals', '每日合计'),
    description: label('One row a day per account: new, unfollowed, net and total followers.', '每个公众号每天一行：新增、取消关注、净增与累计粉丝。'),
    columns: listColumns,
    order: newestFirst,
    filter: [totals],
  },
  {
    id: 'wxm_dailystat_bysource',
    type: 'public',
    name: label('Daily Figures by Source', '按来源的每日数据'),
    description: label('New and unfollowed followers per day and source.', '每天、每个来源的新增与取消关注粉丝。'),
    columns: listColumns,
    order: newestFirst,
    filter: [bySource],
  },
  {
    id: 'wxm_dailystat_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Daily Statistics', '快速查找微信每日统计'),
    description: label('Searches the name (day and source).', '搜索名称（日期与来源）。'),
    columns: listColumns,
    order: newestFirst,
    findColumns: ['wxm_name', 'wxm_day'],
  },
  {
    id: 'wxm_dailystat_lookup',
    type: 'lookup',
    name: label('WeChat Daily Statistic Lookup View', '微信每日统计查找视图'),
    description: label('Used when choosing a daily statistic.', '选择每日统计时使用。'),
    columns: [{ column: 'wxm_name', width: 220 }],
    order: newestFirst,
  },
  {
    id: 'wxm_dailystat_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Daily Statistic Advanced Find View', '微信每日统计高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: newestFirst,
  },
  {
    id: 'wxm_dailystat_associated',
    type: 'associated',
    name: label('WeChat Daily Statistic Associated View', '微信每日统计关联视图'),
    description: label("An account's daily totals.", '公众号的每日合计。'),
    columns: listColumns,
    order: newestFirst,
    filter: [totals],
  },
];

export default views;

/**
 * Charts of daily statistics (on the Follower Analytics dashboard): new followers per day stacked by source (over
 * the per-source view), and total followers per day (over the all-sources view, one row a day, so max = the value).
 */
import { label } from '../dsl/labels.js';
import type { ChartDef } from '../dsl/types-analytics.js';

const charts: ChartDef[] = [
  {
    id: 'newbysource',
    name: label('New Followers by Source', '按来源的新增粉丝'),
    description: label('New followers per day, stacked by where they came from (WeChat user_source).', '每日新增粉丝，按来源（微信 user_source）堆叠。'),
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

export default charts;

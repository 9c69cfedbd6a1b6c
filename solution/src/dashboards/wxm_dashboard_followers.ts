/** Follower Analytics: the daily figures WeChat's data cube reports, in the Wechat Marketing area's Analytics group. */
import { label } from '../dsl/labels.js';
import type { DashboardDef } from '../dsl/types-analytics.js';

const dashboard: DashboardDef = {
  id: 'wxm_dashboard_followers',
  name: label('Follower Analytics', '粉丝分析'),
  description: label(
    'Daily follower figures from WeChat: new followers by source and total followers.',
    '来自微信的每日粉丝数据：按来源的新增粉丝与累计粉丝。',
  ),
  charts: [
    { table: 'wxm_dailystat', chart: 'newbysource', view: 'wxm_dailystat_bysource', label: label('New followers by source', '按来源的新增粉丝') },
    { table: 'wxm_dailystat', chart: 'cumulative', view: 'wxm_dailystat_totals', label: label('Cumulative followers', '累计粉丝') },
  ],
};

export default dashboard;

/** The daily statistic form: read-only figures the relay writes from WeChat's data cube. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_dailystat_main',
    type: 'main',
    name: label('WeChat Daily Statistic', '微信每日统计'),
    description: label("One day's follower figures of an account and source.", '公众号某一天、某一来源的粉丝数据。'),
    header: ['wxm_date', 'wxm_usersource', 'wxm_fetchedon'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'day',
            label: label('Day', '日期'),
            cells: [
              { column: 'wxm_name', readOnly: true },
              { column: 'wxm_officialaccountid', readOnly: true },
              { column: 'wxm_date', readOnly: true },
              { column: 'wxm_usersource', readOnly: true },
            ],
          },
          {
            id: 'figures',
            label: label('Figures', '数据'),
            cells: [
              { column: 'wxm_newusers', readOnly: true },
              { column: 'wxm_cancelusers', readOnly: true },
              { column: 'wxm_netusers', readOnly: true },
              { column: 'wxm_cumulateusers', readOnly: true },
              { column: 'wxm_fetchedon', readOnly: true },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

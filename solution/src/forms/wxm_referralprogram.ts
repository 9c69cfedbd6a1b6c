/** The referral program form: account, threshold, reward tag and code lifetime. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_referralprogram_main',
    type: 'main',
    name: label('WeChat Referral Program', '微信裂变活动'),
    description: label('Who takes part, what a referrer must reach and the reward.', '参与方式、达标人数与奖励。'),
    header: ['wxm_threshold', 'wxm_expirydays'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'program',
            label: label('Program', '活动'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_threshold' },
              { column: 'wxm_rewardtag' },
              { column: 'wxm_expirydays' },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

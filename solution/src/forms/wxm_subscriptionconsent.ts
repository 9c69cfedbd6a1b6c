/** The subscription consent form: who, which template, the answer, when and where. The relay writes it from WeChat's events. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_subscriptionconsent_main',
    type: 'main',
    name: label('Subscription Consent', '订阅授权'),
    description: label("A follower's answer for one subscription template.", '粉丝对某一订阅模板的选择。'),
    header: ['wxm_consentstatus', 'wxm_consentedon', 'wxm_remaining'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'consent',
            label: label('Consent', '订阅授权'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_followerid' },
              { column: 'wxm_subscriptiontemplateid' },
              { column: 'wxm_wechattemplateid' },
              { column: 'wxm_consentstatus' },
              { column: 'wxm_consentedon' },
              { column: 'wxm_popupscene' },
              { column: 'wxm_consentsource' },
              { column: 'wxm_remaining' },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

/** The subscription message form: template, follower (or a contact, lead or user bound to followers), values and where it opens (editable); the delivery (read-only). */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_subscriptionmessage_main',
    type: 'main',
    name: label('Subscription Message', '订阅消息'),
    description: label('One subscription notification or subscribe message, and its delivery.', '一条订阅通知或订阅消息及其投递。'),
    header: ['wxm_followerid', 'wxm_deliverystatus', 'wxm_senton'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'message',
            label: label('Message', '消息'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_subscriptiontemplateid' },
              { column: 'wxm_followerid' },
              { column: 'wxm_contactid' },
              { column: 'wxm_leadid' },
              { column: 'wxm_systemuserid' },
              { column: 'wxm_values' },
              { column: 'wxm_page' },
              { column: 'wxm_miniprogramappid' },
              { column: 'wxm_miniprogrampagepath' },
              { column: 'wxm_miniprogramstate' },
              { column: 'wxm_lang' },
              { column: 'wxm_regarding' },
            ],
          },
          {
            id: 'delivery',
            label: label('Delivery', '投递'),
            cells: [
              readOnly('wxm_officialaccountid'),
              readOnly('wxm_deliverystatus'),
              readOnly('wxm_wechatmsgid'),
              readOnly('wxm_senton'),
              readOnly('wxm_sentreason'),
              readOnly('wxm_errorcode'),
              readOnly('wxm_confirmedon'),
              readOnly('wxm_failurereason'),
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

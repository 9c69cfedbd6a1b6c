/**
 * The template message form: template, recipient (a follower, or a contact, lead or user bound to one), values,
 * link and what it is about (editable before it is sent); delivery status, WeChat's msgid and Status, and the reason
 * read-only. The composer (webresources/src/pages/composer) makes these rows from a record.
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_templatemessage_main',
    type: 'main',
    name: label('WeChat Template Message', '微信模板消息'),
    description: label('A template message to one follower and what WeChat reported.', '发给一位粉丝的模板消息及微信的推送结果。'),
    header: ['wxm_deliverystatus', 'wxm_sentreason', 'wxm_templateid'],
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
              { column: 'wxm_templateid' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_values' },
              { column: 'wxm_url' },
              { column: 'wxm_miniprogramappid' },
              { column: 'wxm_miniprogrampagepath' },
              { column: 'wxm_regarding' },
            ],
          },
          {
            id: 'recipient',
            label: label('Recipient', '接收者'),
            cells: [{ column: 'wxm_followerid' }, { column: 'wxm_contactid' }, { column: 'wxm_leadid' }, { column: 'wxm_systemuserid' }],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [readOnly('wxm_deliverystatus'), readOnly('wxm_failurereason'), readOnly('wxm_wechatmsgid'), readOnly('wxm_sentreason')],
          },
        ],
      },
    ],
  },
];

export default forms;

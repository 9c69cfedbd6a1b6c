/** The subscription template form: what the admin chooses from the library (editable), what WeChat holds (read-only), requests. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_subscriptiontemplate_main',
    type: 'main',
    name: label('Subscription Template', '订阅模板'),
    description: label("A template from WeChat's public library, and its state in WeChat.", '选自微信公共模板库的模板及其在微信中的状态。'),
    header: ['wxm_officialaccountid', 'wxm_kind', 'wxm_state'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'library',
            label: label('From the library', '模板库'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_tid' },
              { column: 'wxm_keywordids' },
              { column: 'wxm_scenedesc' },
            ],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [
              readOnly('wxm_wechattemplateid'),
              readOnly('wxm_kind'),
              readOnly('wxm_longterm'),
              readOnly('wxm_content'),
              readOnly('wxm_example'),
              readOnly('wxm_fields'),
              readOnly('wxm_state'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_syncedon'),
            ],
          },
          {
            id: 'requests',
            label: label('Requests', '操作请求'),
            cells: [{ column: 'wxm_syncrequestedon' }, { column: 'wxm_deleterequestedon' }],
          },
        ],
      },
    ],
  },
];

export default forms;

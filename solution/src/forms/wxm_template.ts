/**
 * The template form: the account and, to add from the category library, the short id and keyword names (editable);
 * what WeChat holds (id, content, fields, example, industries, state and reason) read-only. Its messages are a
 * subgrid-free list in the Template Messages view (the form harness cannot draw subgrids yet).
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_template_main',
    type: 'main',
    name: label('WeChat Template', '微信模板'),
    description: label('A template message template and what WeChat holds of it.', '模板消息模板及其在微信中的信息。'),
    header: ['wxm_officialaccountid', 'wxm_state'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'template',
            label: label('Template', '模板'),
            cells: [{ column: 'wxm_name' }, { column: 'wxm_officialaccountid' }, { column: 'wxm_shortid' }, { column: 'wxm_keywordnames' }],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [
              readOnly('wxm_state'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_wechattemplateid'),
              readOnly('wxm_content'),
              readOnly('wxm_fields'),
              readOnly('wxm_example'),
              readOnly('wxm_primaryindustry'),
              readOnly('wxm_deputyindustry'),
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

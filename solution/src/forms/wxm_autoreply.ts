/** The auto-reply rule form: when it answers, what it answers, and whether the relay took it (or why not). */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_autoreply_main',
    type: 'main',
    name: label('Auto Reply', '自动回复'),
    description: label('An auto-reply rule: trigger, reply, and whether the relay answers with it.', '自动回复规则：触发方式、回复内容以及中继是否使用它。'),
    header: ['wxm_kind', 'wxm_replytype', 'wxm_state', 'wxm_priority'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'trigger',
            label: label('When', '触发方式'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_kind' },
              { column: 'wxm_keywords' },
              { column: 'wxm_matchmode' },
              { column: 'wxm_priority' },
              { column: 'wxm_menukey' },
              { column: 'wxm_qrcodeid' },
              { column: 'wxm_defaultperiodminutes' },
            ],
          },
          {
            id: 'reply',
            label: label('Reply', '回复内容'),
            cells: [
              { column: 'wxm_replytype' },
              { column: 'wxm_replytext' },
              { column: 'wxm_mediaid' },
              { column: 'wxm_newsjson' },
              { column: 'wxm_miniprogramappid' },
              { column: 'wxm_miniprogrampagepath' },
              { column: 'wxm_miniprogramtitle' },
            ],
          },
          {
            id: 'relay',
            label: label('Relay', '中继'),
            cells: [readOnly('wxm_state'), readOnly('wxm_failurereason'), readOnly('wxm_imported')],
          },
        ],
      },
    ],
  },
];

export default forms;

/** Whether the relay answers with the rule. (auto replies, relay/autoreplies) */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const autoReplyState: OptionSetDef = {
  name: 'wxm_autoreplystate',
  codeName: 'AutoReplyState',
  displayName: label('Rule State', '规则状态'),
  description: label('Whether the relay answers with the rule.', '中继是否使用此规则回复。'),
  options: [
    { value: 472610000, name: 'Pending', label: label('Pending', '待生效') },
    { value: 472610001, name: 'Active', label: label('Active', '生效中') },
    { value: 472610002, name: 'Failed', label: label('Refused', '已拒绝') },
  ],
};

export default autoReplyState;

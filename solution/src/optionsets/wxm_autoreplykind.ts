/** When a rule answers. (auto replies, relay/autoreplies) */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const autoReplyKind: OptionSetDef = {
  name: 'wxm_autoreplykind',
  codeName: 'AutoReplyKind',
  displayName: label('Auto Reply Kind', '自动回复类型'),
  description: label('When a rule answers.', '规则何时回复。'),
  options: [
    { value: 472610000, name: 'Follow', label: label('Follow', '关注时') },
    { value: 472610001, name: 'Keyword', label: label('Keyword', '关键词') },
    { value: 472610002, name: 'MenuClick', label: label('Menu Click', '菜单点击') },
    { value: 472610003, name: 'Default', label: label('Default', '默认回复') },
  ],
};

export default autoReplyKind;

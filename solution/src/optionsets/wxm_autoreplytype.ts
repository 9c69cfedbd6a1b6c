/** What the rule answers with. (auto replies, relay/autoreplies) */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const autoReplyType: OptionSetDef = {
  name: 'wxm_autoreplytype',
  codeName: 'AutoReplyType',
  displayName: label('Reply Type', '回复类型'),
  description: label('What the rule answers with.', '规则回复的内容类型。'),
  options: [
    { value: 472610000, name: 'Text', label: label('Text', '文字') },
    { value: 472610001, name: 'Image', label: label('Image', '图片') },
    { value: 472610002, name: 'News', label: label('News', '图文') },
    { value: 472610003, name: 'MiniProgram', label: label('Mini Program Card', '小程序卡片') },
  ],
};

export default autoReplyType;

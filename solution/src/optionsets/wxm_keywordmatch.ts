/** How a keyword is compared with the message. (auto replies, relay/autoreplies) */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const keywordMatch: OptionSetDef = {
  name: 'wxm_keywordmatch',
  codeName: 'KeywordMatch',
  displayName: label('Keyword Match', '关键词匹配'),
  description: label('How a keyword is compared with the message.', '关键词与消息的比较方式。'),
  options: [
    { value: 472610000, name: 'Exact', label: label('Exact', '全匹配') },
    { value: 472610001, name: 'Contains', label: label('Contains', '半匹配（包含）') },
  ],
};

export default keywordMatch;

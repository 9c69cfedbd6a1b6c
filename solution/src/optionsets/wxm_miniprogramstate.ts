/** Which version of the Mini Program a subscribe message opens (miniprogram_state). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const miniProgramState: OptionSetDef = {
  name: 'wxm_miniprogramstate',
  codeName: 'MiniProgramState',
  displayName: label('Mini Program Version', '小程序版本'),
  description: label('The version a subscribe message opens: released, trial or developer.', '订阅消息跳转的小程序版本：正式版、体验版或开发版。'),
  options: [
    { value: 472610000, name: 'Formal', label: label('Released', '正式版'), externalValue: 'formal' },
    { value: 472610001, name: 'Trial', label: label('Trial', '体验版'), externalValue: 'trial' },
    { value: 472610002, name: 'Developer', label: label('Developer', '开发版'), externalValue: 'developer' },
  ],
};

export default miniProgramState;

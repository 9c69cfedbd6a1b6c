/** The model-driven app "Wechat Marketing", shown to operators and administrators. */
import { label } from '../dsl/labels.js';
import type { AppModuleDef } from '../dsl/types-components.js';

const appModule: AppModuleDef = {
  uniqueName: 'wxm_WechatMarketing',
  displayName: label('Wechat Marketing', '微信营销'),
  description: label('Followers, conversations and Official Accounts of Wechat Marketing.', '微信营销的粉丝、会话与公众号。'),
  // The relay's application user never opens the app, so its role is not mapped.
  roles: ['wxm_role_operator', 'wxm_role_administrator'],
};

export default appModule;

/** How a follower proved they are the person a binding names. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const bindingMethod: OptionSetDef = {
  name: 'wxm_bindingmethod',
  codeName: 'BindingMethod',
  displayName: label('Binding Method', '绑定方式'),
  description: label('How the follower proved possession of the WeChat account.', '粉丝证明其拥有该微信账号的方式。'),
  options: [
    { value: 472610000, name: 'QrScan', label: label('QR code scan', '扫描二维码') },
    { value: 472610001, name: 'WebAuthorization', label: label('Web authorization', '网页授权') },
  ],
};

export default bindingMethod;

/** Official Account type; externalValue is WeChat's service_type_info.id. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const accountType: OptionSetDef = {
  name: 'wxm_accounttype',
  codeName: 'AccountType',
  displayName: label('Account Type', '账号类型'),
  description: label('Subscription or service account, as WeChat reports it.', '订阅号或服务号（来自微信）。'),
  options: [
    { value: 472610000, name: 'Subscription', label: label('Subscription Account', '订阅号'), externalValue: '0' },
    { value: 472610001, name: 'UpgradedSubscription', label: label('Subscription Account (upgraded)', '由历史老帐号升级后的订阅号'), externalValue: '1' },
    { value: 472610002, name: 'Service', label: label('Service Account', '服务号'), externalValue: '2' },
    { value: 472610003, name: 'MiniProgram', label: label('Mini Program', '小程序') },
    { value: 472610099, name: 'Other', label: label('Other', '其他') },
  ],
};

export default accountType;

/** What recorded the consent: WeChat's popup or settings event, a refused send (43101), or the Mini Program's own backend. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const consentSource: OptionSetDef = {
  name: 'wxm_consentsource',
  codeName: 'ConsentSource',
  displayName: label('Consent Source', '订阅来源'),
  description: label('What recorded the consent.', '订阅状态的来源。'),
  options: [
    { value: 472610000, name: 'Popup', label: label('Popup (event)', '订阅弹窗（事件）') },
    { value: 472610001, name: 'Settings', label: label('Notification settings (event)', '服务通知设置（事件）') },
    { value: 472610002, name: 'SendRefused', label: label('Send refused by WeChat (43101)', '发送被微信拒绝（43101）') },
    { value: 472610003, name: 'Backend', label: label('Mini Program backend', '小程序后台') },
  ],
};

export default consentSource;

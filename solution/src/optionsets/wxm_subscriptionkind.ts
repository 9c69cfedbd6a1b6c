/** Whose subscription template it is: an Official Account's subscription notification or a Mini Program's subscribe message. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const subscriptionKind: OptionSetDef = {
  name: 'wxm_subscriptionkind',
  codeName: 'SubscriptionKind',
  displayName: label('Subscription Kind', '订阅类型'),
  description: label(
    'Subscription notification of an Official Account (bizsend) or subscribe message of a Mini Program (subscribe/send).',
    '公众号订阅通知（bizsend）或小程序订阅消息（subscribe/send）。',
  ),
  options: [
    { value: 472610000, name: 'OfficialAccount', label: label('Official Account notification', '公众号订阅通知') },
    { value: 472610001, name: 'MiniProgram', label: label('Mini Program message', '小程序订阅消息') },
  ],
};

export default subscriptionKind;

/** What a broadcast is: a mass send (群发) or a 48-hour active push of customer-service messages. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const broadcastKind: OptionSetDef = {
  name: 'wxm_broadcastkind',
  codeName: 'BroadcastKind',
  displayName: label('Broadcast Kind', '群发类型'),
  description: label('Mass send, or customer-service messages to the followers whose reply window is open.', '群发，或向回复窗口开放的粉丝发送客服消息。'),
  options: [
    { value: 472610000, name: 'MassSend', label: label('Mass Send', '群发') },
    { value: 472610001, name: 'ActivePush', label: label('48-Hour Active Push', '48 小时主动推送') },
  ],
};

export default broadcastKind;

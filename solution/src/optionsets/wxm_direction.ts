/** Whether a message came from a follower or was sent to one. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const direction: OptionSetDef = {
  name: 'wxm_direction',
  codeName: 'Direction',
  displayName: label('Direction', '方向'),
  description: label('Whether a message was received from a follower or sent to one.', '消息是粉丝发来的还是发给粉丝的。'),
  options: [
    { value: 472610000, name: 'Inbound', label: label('Inbound', '收到') },
    { value: 472610001, name: 'Outbound', label: label('Outbound', '发出') },
  ],
};

export default direction;

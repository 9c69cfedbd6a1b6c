/** Where a message is in its life: received from WeChat, or an outbound one waiting, sent or failed. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const deliveryStatus: OptionSetDef = {
  name: 'wxm_deliverystatus',
  codeName: 'DeliveryStatus',
  displayName: label('Delivery Status', '投递状态'),
  description: label(
    'Received for messages from followers; Pending, Sending, Sent, Delivered or Failed for messages to followers.',
    '粉丝发来的消息为“已接收”；发给粉丝的消息为“待发送”“发送中”“已发送”“已送达”或“失败”。',
  ),
  options: [
    { value: 472610000, name: 'Received', label: label('Received', '已接收') },
    { value: 472610001, name: 'Pending', label: label('Pending', '待发送') },
    { value: 472610002, name: 'Sending', label: label('Sending', '发送中') },
    { value: 472610003, name: 'Sent', label: label('Sent', '已发送') },
    { value: 472610004, name: 'Failed', label: label('Failed', '失败') },
    // Template and subscription messages: WeChat reported the message reached the follower (TEMPLATESENDJOBFINISH success).
    { value: 472610005, name: 'Delivered', label: label('Delivered', '已送达') },
  ],
};

export default deliveryStatus;

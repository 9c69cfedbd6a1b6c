/** Where a broadcast is: drafted, scheduled, being sent, waiting for an admin's confirmation in WeChat, done. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const broadcastStatus: OptionSetDef = {
  name: 'wxm_broadcaststatus',
  codeName: 'BroadcastStatus',
  displayName: label('Broadcast Status', '群发状态'),
  description: label('The state of a broadcast, from draft to WeChat’s result.', '群发从草稿到微信结果的状态。'),
  options: [
    { value: 472610000, name: 'Draft', label: label('Draft', '草稿') },
    { value: 472610001, name: 'Scheduled', label: label('Scheduled', '已定时') },
    { value: 472610002, name: 'Sending', label: label('Sending', '发送中') },
    { value: 472610003, name: 'AwaitingConfirmation', label: label('Awaiting Confirmation in WeChat', '等待微信中确认') },
    { value: 472610004, name: 'Sent', label: label('Sent', '已发送') },
    { value: 472610005, name: 'Failed', label: label('Failed', '失败') },
    { value: 472610006, name: 'Deleted', label: label('Deleted', '已删除') },
  ],
};

export default broadcastStatus;

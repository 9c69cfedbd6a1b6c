/** Where an account's full follower sync stands (the relay writes it on the account row after each page). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const followerSyncState: OptionSetDef = {
  name: 'wxm_followersyncstate',
  codeName: 'FollowerSyncState',
  displayName: label('Follower Sync State', '粉丝同步状态'),
  description: label(
    'Whether the follower sync of the account runs, waits for WeChat quota, finished or failed.',
    '公众号的粉丝同步是在运行、等待微信配额、已完成还是失败。',
  ),
  options: [
    { value: 472610000, name: 'Idle', label: label('Not synced', '未同步') },
    { value: 472610001, name: 'Running', label: label('Running', '同步中') },
    { value: 472610002, name: 'Paused', label: label('Paused', '已暂停') },
    { value: 472610003, name: 'Completed', label: label('Completed', '已完成') },
    { value: 472610004, name: 'Failed', label: label('Failed', '失败') },
  ],
};

export default followerSyncState;

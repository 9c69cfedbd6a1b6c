/** State of a row the relay mirrors into WeChat (tags, QR codes): pending until WeChat accepted it, or failed. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const rowSyncState: OptionSetDef = {
  name: 'wxm_rowsyncstate',
  codeName: 'RowSyncState',
  displayName: label('Sync State', '同步状态'),
  description: label('Whether WeChat has the row yet.', '微信中是否已有此记录。'),
  options: [
    { value: 472610000, name: 'Pending', label: label('Pending', '待同步') },
    { value: 472610001, name: 'Synced', label: label('Synced', '已同步') },
    { value: 472610002, name: 'Failed', label: label('Failed', '失败') },
  ],
};

export default rowSyncState;

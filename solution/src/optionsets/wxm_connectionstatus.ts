/** State of a signed service: the relay sets it after checking the credentials an admin saved. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const connectionStatus: OptionSetDef = {
  name: 'wxm_connectionstatus',
  codeName: 'ConnectionStatus',
  displayName: label('Connection Status', '连接状态'),
  description: label('Set by the relay after it checks the saved credentials.', '由中继服务在检查所保存的凭据后设置。'),
  options: [
    { value: 472610000, name: 'Pending', label: label('Pending', '待验证') },
    { value: 472610001, name: 'Connected', label: label('Connected', '已连接') },
    { value: 472610002, name: 'Failed', label: label('Failed', '失败') },
    { value: 472610003, name: 'Revoked', label: label('Revoked', '已撤销') },
  ],
};

export default connectionStatus;

/** State of an authorized Official Account as the relay last saw it. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const accountStatus: OptionSetDef = {
  name: 'wxm_accountstatus',
  codeName: 'AccountStatus',
  displayName: label('Account Status', '公众号状态'),
  description: label(
    'Authorized, authorization withdrawn in WeChat, or needing attention (missing permissions, delivery errors).',
    '已授权、已在微信中取消授权，或需要处理（缺少权限、投递错误）。',
  ),
  options: [
    { value: 472610000, name: 'Authorized', label: label('Authorized', '已授权') },
    { value: 472610001, name: 'Unauthorized', label: label('Authorization Withdrawn', '已取消授权') },
    { value: 472610002, name: 'NeedsAttention', label: label('Needs Attention', '需要处理') },
  ],
};

export default accountStatus;

/** Views of Official Accounts, including the one admins check daily: accounts needing attention. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_appid', width: 160 },
  { column: 'wxm_accounttype', width: 150 },
  { column: 'wxm_accountstatus', width: 150 },
  { column: 'wxm_authorizedon', width: 150 },
];

const views: ViewDef[] = [
  {
    id: 'wxm_officialaccount_active',
    type: 'public',
    isDefault: true,
    name: label('Active Official Accounts', '活动公众号'),
    description: label('Official Accounts that are active.', '处于活动状态的公众号。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_officialaccount_attention',
    type: 'public',
    name: label('Accounts Needing Attention', '需要处理的公众号'),
    description: label(
      'Accounts whose authorization was withdrawn, that miss permissions, or where delivery failed.',
      '已取消授权、缺少权限或投递失败的公众号。',
    ),
    columns: [
      ...listColumns.slice(0, 2),
      { column: 'wxm_accountstatus', width: 150 },
      { column: 'wxm_missingpermissions', width: 150 },
      { column: 'wxm_lastdeliveryerroron', width: 160 },
      { column: 'wxm_lastdeliveryerror', width: 300 },
    ],
    order: [{ column: 'wxm_lastdeliveryerroron', descending: true }],
    filter: [active],
    anyOf: [
      { column: 'wxm_accountstatus', operator: 'ne', value: 472610000 },
      { column: 'wxm_missingpermissions', operator: 'not-null' },
      { column: 'wxm_lastdeliveryerror', operator: 'not-null' },
    ],
  },
  {
    id: 'wxm_officialaccount_quickfind',
    type: 'quickFind',
    name: label('Quick Find Active Official Accounts', '快速查找活动公众号'),
    description: label('Searches name, AppID and original ID.', '搜索名称、AppID 与原始 ID。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
    findColumns: ['wxm_name', 'wxm_appid', 'wxm_originalid'],
  },
  {
    id: 'wxm_officialaccount_lookup',
    type: 'lookup',
    name: label('Official Account Lookup View', '公众号查找视图'),
    description: label('Used when choosing an account.', '选择公众号时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_appid', width: 160 },
    ],
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_officialaccount_advancedfind',
    type: 'advancedFind',
    name: label('Official Account Advanced Find View', '公众号高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
  },
  {
    id: 'wxm_officialaccount_associated',
    type: 'associated',
    name: label('Official Account Associated View', '公众号关联视图'),
    description: label('Accounts related to a record.', '与记录相关的公众号。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
];

export default views;

/** Views of auto-reply rules: active rules by account and priority, refused rules with the reason. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_kind', width: 110 },
  { column: 'wxm_keywords', width: 200 },
  { column: 'wxm_matchmode', width: 100 },
  { column: 'wxm_priority', width: 80 },
  { column: 'wxm_replytype', width: 110 },
  { column: 'wxm_state', width: 100 },
  { column: 'wxm_imported', width: 110 },
];
const order = [
  { column: 'wxm_priority', descending: true },
  { column: 'wxm_name', descending: false },
];

const views: ViewDef[] = [
  {
    id: 'wxm_autoreply_active',
    type: 'public',
    isDefault: true,
    name: label('Active Auto Replies', '有效的自动回复'),
    description: label('Auto-reply rules by priority.', '按优先级排列的自动回复规则。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_autoreply_refused',
    type: 'public',
    name: label('Refused Auto Replies', '被拒绝的自动回复'),
    description: label('Rules the relay refused, with the reason.', '中继拒绝的规则及原因。'),
    columns: [...listColumns.slice(0, 3), { column: 'wxm_failurereason', width: 360 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_autoreply_quickfind',
    type: 'quickFind',
    name: label('Quick Find Auto Replies', '快速查找自动回复'),
    description: label('Searches the rule name, keywords and menu key.', '搜索规则名称、关键词与菜单 KEY。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_menukey'],
  },
  {
    id: 'wxm_autoreply_lookup',
    type: 'lookup',
    name: label('Auto Reply Lookup View', '自动回复查找视图'),
    description: label('Used when choosing a rule.', '选择规则时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_kind', width: 110 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_autoreply_advancedfind',
    type: 'advancedFind',
    name: label('Auto Reply Advanced Find View', '自动回复高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_autoreply_associated',
    type: 'associated',
    name: label('Auto Reply Associated View', '自动回复关联视图'),
    description: label('Auto-reply rules of an account or QR channel.', '公众号或二维码渠道的自动回复规则。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of bindings: an admin finds who is bound to which follower, and removes a binding from here. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_followerid', width: 160 },
  { column: 'wxm_contactid', width: 160 },
  { column: 'wxm_leadid', width: 160 },
  { column: 'wxm_systemuserid', width: 160 },
  { column: 'wxm_method', width: 130 },
  { column: 'wxm_boundon', width: 150 },
];

const views: ViewDef[] = [
  {
    id: 'wxm_binding_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Bindings', '有效的微信绑定'),
    description: label('Followers bound to contacts, leads and users.', '已绑定到联系人、潜在顾客和用户的粉丝。'),
    columns: listColumns,
    order: [{ column: 'wxm_boundon', descending: true }],
    filter: [active],
  },
  {
    id: 'wxm_binding_employees',
    type: 'public',
    name: label('Employee WeChat Bindings', '员工微信绑定'),
    description: label('Users who bound their own WeChat for notifications.', '为接收通知绑定了本人微信的用户。'),
    columns: listColumns,
    order: [{ column: 'wxm_boundon', descending: true }],
    filter: [active, { column: 'wxm_systemuserid', operator: 'not-null' }],
  },
  {
    id: 'wxm_binding_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Bindings', '快速查找微信绑定'),
    description: label('Searches the binding name.', '搜索绑定名称。'),
    columns: listColumns,
    order: [{ column: 'wxm_boundon', descending: true }],
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_binding_lookup',
    type: 'lookup',
    name: label('WeChat Binding Lookup View', '微信绑定查找视图'),
    description: label('Used when choosing a binding.', '选择绑定时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_boundon', width: 150 },
    ],
    order: [{ column: 'wxm_boundon', descending: true }],
    filter: [active],
  },
  {
    id: 'wxm_binding_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Binding Advanced Find View', '微信绑定高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: [{ column: 'wxm_boundon', descending: true }],
  },
  {
    id: 'wxm_binding_associated',
    type: 'associated',
    name: label('WeChat Binding Associated View', '微信绑定关联视图'),
    description: label('Bindings of a follower, contact, lead or user.', '粉丝、联系人、潜在顾客或用户的绑定。'),
    columns: listColumns,
    order: [{ column: 'wxm_boundon', descending: true }],
    filter: [active],
  },
];

export default views;

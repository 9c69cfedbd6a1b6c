/** Views of WeChat menus: every active menu with its state, and the refused ones with the reason. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_conditional', width: 90 },
  { column: 'wxm_tagid', width: 140 },
  { column: 'wxm_state', width: 110 },
  { column: 'wxm_publishedon', width: 150 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_menu_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Menus', '有效的微信菜单'),
    description: label('Default and conditional menus with their state.', '默认菜单和个性化菜单及其状态。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_menu_failed',
    type: 'public',
    name: label('Refused WeChat Menus', '被拒绝的微信菜单'),
    description: label('Menus that were not published, with the reason.', '未能发布的菜单及原因。'),
    columns: [...listColumns, { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_menu_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Menus', '快速查找微信菜单'),
    description: label('Searches the menu name.', '搜索菜单名称。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_menu_lookup',
    type: 'lookup',
    name: label('WeChat Menu Lookup View', '微信菜单查找视图'),
    description: label('Used when choosing a menu.', '选择菜单时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_officialaccountid', width: 160 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_menu_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Menu Advanced Find View', '微信菜单高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_menu_associated',
    type: 'associated',
    name: label('WeChat Menu Associated View', '微信菜单关联视图'),
    description: label("An account's menus.", '公众号的菜单。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

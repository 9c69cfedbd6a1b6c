/** Views of signed services; the client secret and binding token are secured and never listed. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_environmenturl', width: 250 },
  { column: 'wxm_cloud', width: 120 },
  { column: 'wxm_connectionstatus', width: 140 },
  { column: 'wxm_lastcheckedon', width: 150 },
];

const views: ViewDef[] = [
  {
    id: 'wxm_signedservice_active',
    type: 'public',
    isDefault: true,
    name: label('Active Signed Services', '活动的已注册服务'),
    description: label('Signed services that are active.', '处于活动状态的已注册服务。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_signedservice_failed',
    type: 'public',
    name: label('Signed Services Not Connected', '未连接的已注册服务'),
    description: label('Signed services the relay could not connect with, and why.', '中继服务无法连接的已注册服务及原因。'),
    columns: [...listColumns, { column: 'wxm_statusreasonen', width: 300 }, { column: 'wxm_statusreasonzh', width: 300 }],
    order: [{ column: 'wxm_lastcheckedon', descending: true }],
    filter: [active, { column: 'wxm_connectionstatus', operator: 'ne', value: 472610001 }],
  },
  {
    id: 'wxm_signedservice_quickfind',
    type: 'quickFind',
    name: label('Quick Find Active Signed Services', '快速查找活动的已注册服务'),
    description: label('Searches name, environment URL and client ID.', '搜索名称、环境地址与客户端 ID。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
    findColumns: ['wxm_name', 'wxm_environmenturl', 'wxm_clientid'],
  },
  {
    id: 'wxm_signedservice_lookup',
    type: 'lookup',
    name: label('Signed Service Lookup View', '已注册服务查找视图'),
    description: label('Used when choosing a signed service.', '选择已注册服务时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_environmenturl', width: 250 },
    ],
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_signedservice_advancedfind',
    type: 'advancedFind',
    name: label('Signed Service Advanced Find View', '已注册服务高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
  },
  {
    id: 'wxm_signedservice_associated',
    type: 'associated',
    name: label('Signed Service Associated View', '已注册服务关联视图'),
    description: label('Signed services related to a record.', '与记录相关的已注册服务。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
];

export default views;

/** Views of a broadcast's WeChat calls (chunks): their msg_id and MASSSENDJOBFINISH counts. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_chunk', width: 70 },
  { column: 'wxm_recipientcount', width: 100 },
  { column: 'wxm_wechatmsgid', width: 140 },
  { column: 'wxm_senton', width: 150 },
  { column: 'wxm_resultstatus', width: 140 },
  { column: 'wxm_sentcount', width: 90 },
  { column: 'wxm_errorcount', width: 90 },
];
const order = [{ column: 'wxm_chunk', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_broadcastsend_active',
    type: 'public',
    isDefault: true,
    name: label('WeChat Broadcast Sends', '微信群发批次'),
    description: label('Every WeChat call of broadcasts.', '群发的每次微信调用。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_broadcastsend_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Broadcast Sends', '快速查找微信群发批次'),
    description: label('Searches the name and clientmsgid.', '搜索名称和 clientmsgid。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_clientmsgid'],
  },
  {
    id: 'wxm_broadcastsend_lookup',
    type: 'lookup',
    name: label('WeChat Broadcast Send Lookup View', '微信群发批次查找视图'),
    description: label('Used when choosing a send.', '选择批次时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_chunk', width: 70 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_broadcastsend_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Broadcast Send Advanced Find View', '微信群发批次高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_broadcastsend_associated',
    type: 'associated',
    name: label('WeChat Broadcast Send Associated View', '微信群发批次关联视图'),
    description: label("A broadcast's sends.", '群发的各批次。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of broadcasts: all, scheduled, sent with WeChat's counts, failed with the reason. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_kind', width: 120 },
  { column: 'wxm_audiencekind', width: 110 },
  { column: 'wxm_broadcaststatus', width: 130 },
  { column: 'wxm_sendon', width: 150 },
  { column: 'wxm_reachcount', width: 100 },
];
const resultColumns = [
  ...listColumns,
  { column: 'wxm_totalcount', width: 90 },
  { column: 'wxm_sentcount', width: 90 },
  { column: 'wxm_errorcount', width: 90 },
  { column: 'wxm_resultstatus', width: 140 },
];
const order = [{ column: 'createdon', descending: true }];
const status = (value: number) => ({ column: 'wxm_broadcaststatus', operator: 'eq', value }) as const;

const views: ViewDef[] = [
  {
    id: 'wxm_broadcast_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Broadcasts', '有效的微信群发'),
    description: label('Broadcasts, newest first.', '群发，最新的在前。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_broadcast_scheduled',
    type: 'public',
    name: label('Scheduled WeChat Broadcasts', '已定时的微信群发'),
    description: label('Broadcasts waiting for their send time.', '等待发送时间的群发。'),
    columns: listColumns,
    order: [{ column: 'wxm_sendon', descending: false }],
    filter: [active, status(472610001)],
  },
  {
    id: 'wxm_broadcast_sent',
    type: 'public',
    name: label('Sent WeChat Broadcasts', '已发送的微信群发'),
    description: label('Sent broadcasts with WeChat’s counts.', '已发送的群发及微信统计。'),
    columns: resultColumns,
    order,
    filter: [active, status(472610004)],
  },
  {
    id: 'wxm_broadcast_failed',
    type: 'public',
    name: label('Failed WeChat Broadcasts', '失败的微信群发'),
    description: label('Broadcasts refused or failed, with the reason.', '被拒绝或失败的群发及原因。'),
    columns: [...listColumns, { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, status(472610005)],
  },
  {
    id: 'wxm_broadcast_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Broadcasts', '快速查找微信群发'),
    description: label('Searches the broadcast name.', '搜索群发名称。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_broadcast_lookup',
    type: 'lookup',
    name: label('WeChat Broadcast Lookup View', '微信群发查找视图'),
    description: label('Used when choosing a broadcast.', '选择群发时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_broadcaststatus', width: 130 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_broadcast_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Broadcast Advanced Find View', '微信群发高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: resultColumns,
    order,
  },
  {
    id: 'wxm_broadcast_associated',
    type: 'associated',
    name: label('WeChat Broadcast Associated View', '微信群发关联视图'),
    description: label("An account's or a tag's broadcasts.", '公众号或标签的群发。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of subscription messages: every message with its delivery, and the failed ones with the reason. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_followerid', width: 160 },
  { column: 'wxm_subscriptiontemplateid', width: 180 },
  { column: 'wxm_deliverystatus', width: 110 },
  { column: 'wxm_senton', width: 150 },
  { column: 'wxm_sentreason', width: 120 },
];
const order = [{ column: 'createdon', descending: true }];

const views: ViewDef[] = [
  {
    id: 'wxm_subscriptionmessage_active',
    type: 'public',
    isDefault: true,
    name: label('Subscription Messages', '订阅消息'),
    description: label('Every message, newest first, with its delivery.', '全部订阅消息及投递状态，最新的在前。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptionmessage_failed',
    type: 'public',
    name: label('Failed Subscription Messages', '发送失败的订阅消息'),
    description: label('Messages not sent, with the reason.', '未发送的消息及原因。'),
    columns: [...listColumns, { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_deliverystatus', operator: 'eq', value: 472610004 }],
  },
  {
    id: 'wxm_subscriptionmessage_quickfind',
    type: 'quickFind',
    name: label('Quick Find Subscription Messages', '快速查找订阅消息'),
    description: label('Searches the name.', '搜索名称。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_subscriptionmessage_lookup',
    type: 'lookup',
    name: label('Subscription Message Lookup View', '订阅消息查找视图'),
    description: label('Used when choosing a message.', '选择订阅消息时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_deliverystatus', width: 110 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptionmessage_advancedfind',
    type: 'advancedFind',
    name: label('Subscription Message Advanced Find View', '订阅消息高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_subscriptionmessage_associated',
    type: 'associated',
    name: label('Subscription Message Associated View', '订阅消息关联视图'),
    description: label("A follower's or a template's messages.", '粉丝或模板的订阅消息。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of messages: recent traffic, and failed deliveries an operator should look at. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 250 },
  { column: 'wxm_followerid', width: 150 },
  { column: 'wxm_direction', width: 90 },
  { column: 'wxm_messagetype', width: 100 },
  { column: 'wxm_deliverystatus', width: 110 },
  { column: 'createdon', width: 150 },
];

const views: ViewDef[] = [
  {
    id: 'wxm_message_active',
    type: 'public',
    isDefault: true,
    name: label('Active Messages', '活动消息'),
    description: label('All messages, newest first.', '全部消息，最新的在前。'),
    columns: listColumns,
    order: [{ column: 'createdon', descending: true }],
    filter: [active],
  },
  {
    id: 'wxm_message_last48h',
    type: 'public',
    name: label('Messages of the Last 48 Hours', '最近 48 小时的消息'),
    description: label('Messages of conversations still inside the 48-hour reply window.', '仍在 48 小时回复时限内的会话消息。'),
    columns: listColumns,
    order: [{ column: 'createdon', descending: true }],
    filter: [active, { column: 'createdon', operator: 'last-x-hours', value: 48 }],
  },
  {
    id: 'wxm_message_failed',
    type: 'public',
    name: label('Failed Deliveries', '发送失败的消息'),
    description: label('Replies WeChat refused, with the error code and what to do.', '被微信拒绝的回复，附错误码及处理方法。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_followerid', width: 150 },
      { column: 'wxm_errorcode', width: 90 },
      { column: 'wxm_errordetail', width: 300 },
      { column: 'createdon', width: 150 },
    ],
    order: [{ column: 'createdon', descending: true }],
    filter: [active, { column: 'wxm_direction', operator: 'eq', value: 472610001 }, { column: 'wxm_deliverystatus', operator: 'eq', value: 472610004 }],
  },
  {
    id: 'wxm_message_quickfind',
    type: 'quickFind',
    name: label('Quick Find Active Messages', '快速查找消息'),
    description: label('Searches summary, content and WeChat message ID.', '搜索摘要、内容与微信消息 ID。'),
    columns: listColumns,
    order: [{ column: 'createdon', descending: true }],
    filter: [active],
    findColumns: ['wxm_name', 'wxm_content', 'wxm_wechatmsgid'],
  },
  {
    id: 'wxm_message_lookup',
    type: 'lookup',
    name: label('Message Lookup View', '消息查找视图'),
    description: label('Used when choosing a message.', '选择消息时使用。'),
    columns: [
      { column: 'wxm_name', width: 250 },
      { column: 'createdon', width: 150 },
    ],
    order: [{ column: 'createdon', descending: true }],
    filter: [active],
  },
  {
    id: 'wxm_message_advancedfind',
    type: 'advancedFind',
    name: label('Message Advanced Find View', '消息高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: [{ column: 'createdon', descending: true }],
  },
  {
    id: 'wxm_message_associated',
    type: 'associated',
    name: label('Message Associated View', '消息关联视图'),
    description: label('The conversation of a follower or an account, newest first.', '粉丝或公众号的会话，最新的在前。'),
    columns: listColumns,
    order: [{ column: 'createdon', descending: true }],
    filter: [active],
  },
];

export default views;

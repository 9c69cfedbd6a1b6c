/** Views of template messages: recent ones with their status, failed ones with the reason, and the system views. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_templateid', width: 180 },
  { column: 'wxm_followerid', width: 160 },
  { column: 'wxm_deliverystatus', width: 110 },
  { column: 'wxm_sentreason', width: 140 },
  { column: 'createdon', width: 150 },
];
const order = [{ column: 'createdon', descending: true }];

const views: ViewDef[] = [
  {
    id: 'wxm_templatemessage_active',
    type: 'public',
    isDefault: true,
    name: label('WeChat Template Messages', '微信模板消息'),
    description: label('Template messages, newest first, with what WeChat reported.', '模板消息（最新在前）及微信的推送结果。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_templatemessage_failed',
    type: 'public',
    name: label('Failed WeChat Template Messages', '失败的微信模板消息'),
    description: label('Messages refused before sending or not delivered, with the reason.', '发送前被拒绝或未送达的消息及原因。'),
    columns: [...listColumns.slice(0, 3), { column: 'wxm_failurereason', width: 320 }],
    order,
    filter: [active, { column: 'wxm_deliverystatus', operator: 'eq', value: 472610004 }],
  },
  {
    id: 'wxm_templatemessage_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Template Messages', '快速查找微信模板消息'),
    description: label('Searches the name and what it is about.', '搜索名称与相关记录。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_regarding'],
  },
  {
    id: 'wxm_templatemessage_lookup',
    type: 'lookup',
    name: label('WeChat Template Message Lookup View', '微信模板消息查找视图'),
    description: label('Used when choosing a template message.', '选择模板消息时使用。'),
    columns: listColumns.slice(0, 2),
    order,
    filter: [active],
  },
  {
    id: 'wxm_templatemessage_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Template Message Advanced Find View', '微信模板消息高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_templatemessage_associated',
    type: 'associated',
    name: label('WeChat Template Message Associated View', '微信模板消息关联视图'),
    description: label('Template messages of a template, follower, contact, lead or user.', '模板、粉丝、联系人、潜在顾客或用户的模板消息。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of followers; operators live in "Conversations of the Last 48 Hours" (the reply window). */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 180 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_contactid', width: 160 },
  { column: 'wxm_subscribed', width: 100 },
  { column: 'wxm_lastinteractionon', width: 160 },
];

const views: ViewDef[] = [
  {
    id: 'wxm_follower_active',
    type: 'public',
    isDefault: true,
    name: label('Active Followers', '关注中的粉丝'),
    description: label('Users who follow an account now.', '当前关注公众号的用户。'),
    columns: listColumns,
    order: [{ column: 'wxm_lastinteractionon', descending: true }],
    filter: [active, { column: 'wxm_subscribed', operator: 'eq', value: 1 }],
  },
  {
    id: 'wxm_follower_conversations48h',
    type: 'public',
    name: label('Conversations of the Last 48 Hours', '最近 48 小时的会话'),
    description: label('Followers who wrote in the last 48 hours: they can still be answered.', '最近 48 小时内发过消息的粉丝：仍可回复。'),
    columns: listColumns,
    order: [{ column: 'wxm_lastinteractionon', descending: true }],
    filter: [active, { column: 'wxm_lastinteractionon', operator: 'last-x-hours', value: 48 }],
  },
  {
    id: 'wxm_follower_all',
    type: 'public',
    name: label('All Followers', '全部粉丝'),
    description: label('Followers and former followers.', '粉丝及已取消关注的粉丝。'),
    columns: [...listColumns, { column: 'wxm_unsubscribedon', width: 150 }],
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_follower_quickfind',
    type: 'quickFind',
    name: label('Quick Find Active Followers', '快速查找粉丝'),
    description: label('Searches name, remark, OpenID and UnionID.', '搜索名称、备注名、OpenID 与 UnionID。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
    findColumns: ['wxm_name', 'wxm_remark', 'wxm_openid', 'wxm_unionid'],
  },
  {
    id: 'wxm_follower_lookup',
    type: 'lookup',
    name: label('Follower Lookup View', '粉丝查找视图'),
    description: label('Used when choosing a follower.', '选择粉丝时使用。'),
    columns: [
      { column: 'wxm_name', width: 180 },
      { column: 'wxm_officialaccountid', width: 160 },
    ],
    order: [{ column: 'wxm_name', descending: false }],
    filter: [active],
  },
  {
    id: 'wxm_follower_advancedfind',
    type: 'advancedFind',
    name: label('Follower Advanced Find View', '粉丝高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order: [{ column: 'wxm_name', descending: false }],
  },
  {
    id: 'wxm_follower_associated',
    type: 'associated',
    name: label('Follower Associated View', '粉丝关联视图'),
    description: label('Followers of an account or contact.', '公众号或联系人的粉丝。'),
    columns: listColumns,
    order: [{ column: 'wxm_lastinteractionon', descending: true }],
    filter: [active],
  },
];

export default views;

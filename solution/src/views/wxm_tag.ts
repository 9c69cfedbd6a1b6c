/** Views of WeChat tags: all active tags with their follower counts, failed ones with the reason, audience tags. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_wechattagid', width: 110 },
  { column: 'wxm_followercount', width: 100 },
  { column: 'wxm_state', width: 110 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_tag_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Tags', '有效的微信标签'),
    description: label('Tags with their follower counts.', '标签及其粉丝数。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_tag_failed',
    type: 'public',
    name: label('Failed WeChat Tags', '同步失败的微信标签'),
    description: label('Tags WeChat did not take, with the reason.', '微信未接受的标签及原因。'),
    columns: [...listColumns, { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_tag_audience',
    type: 'public',
    name: label('Audience Tags', '受众标签'),
    description: label('Tags kept in step with a marketing list or a view.', '与营销列表或视图保持一致的标签。'),
    columns: [...listColumns, { column: 'wxm_audiencelistid', width: 160 }, { column: 'wxm_audiencesyncedon', width: 150 }],
    order,
    filter: [active, { column: 'wxm_audiencesyncedon', operator: 'not-null' }],
  },
  {
    id: 'wxm_tag_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Tags', '快速查找微信标签'),
    description: label('Searches the tag name.', '搜索标签名。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_tag_lookup',
    type: 'lookup',
    name: label('WeChat Tag Lookup View', '微信标签查找视图'),
    description: label('Used when choosing a tag.', '选择标签时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_officialaccountid', width: 160 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_tag_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Tag Advanced Find View', '微信标签高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_tag_associated',
    type: 'associated',
    name: label('WeChat Tag Associated View', '微信标签关联视图'),
    description: label("An account's or a follower's tags.", '公众号或粉丝的标签。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

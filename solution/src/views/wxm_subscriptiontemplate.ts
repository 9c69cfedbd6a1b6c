/** Views of subscription templates: the account's templates with their WeChat ids and state, and those WeChat refused. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 200 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_kind', width: 150 },
  { column: 'wxm_wechattemplateid', width: 220 },
  { column: 'wxm_state', width: 110 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_subscriptiontemplate_active',
    type: 'public',
    isDefault: true,
    name: label('Active Subscription Templates', '有效的订阅模板'),
    description: label('Templates of every account, with their WeChat template id.', '各账号的订阅模板及其微信模板 ID。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptiontemplate_failed',
    type: 'public',
    name: label('Failed Subscription Templates', '失败的订阅模板'),
    description: label('Templates WeChat did not add, with the reason.', '微信未添加的模板及原因。'),
    columns: [...listColumns, { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_subscriptiontemplate_quickfind',
    type: 'quickFind',
    name: label('Quick Find Subscription Templates', '快速查找订阅模板'),
    description: label('Searches the title and the WeChat template id.', '搜索标题和微信模板 ID。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_wechattemplateid'],
  },
  {
    id: 'wxm_subscriptiontemplate_lookup',
    type: 'lookup',
    name: label('Subscription Template Lookup View', '订阅模板查找视图'),
    description: label('Used when choosing a template.', '选择模板时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_officialaccountid', width: 160 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptiontemplate_advancedfind',
    type: 'advancedFind',
    name: label('Subscription Template Advanced Find View', '订阅模板高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_subscriptiontemplate_associated',
    type: 'associated',
    name: label('Subscription Template Associated View', '订阅模板关联视图'),
    description: label("An account's subscription templates.", '账号的订阅模板。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

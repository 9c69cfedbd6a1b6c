/** Views of templates: every active template of every account, failed ones with the reason, and the system views. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_wechattemplateid', width: 220 },
  { column: 'wxm_primaryindustry', width: 120 },
  { column: 'wxm_deputyindustry', width: 120 },
  { column: 'wxm_state', width: 110 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_template_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Templates', '有效的微信模板'),
    description: label('Template message templates of every account.', '各公众号的模板消息模板。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_template_failed',
    type: 'public',
    name: label('Failed WeChat Templates', '失败的微信模板'),
    description: label('Templates WeChat did not add or delete, with the reason.', '微信未添加或未删除的模板及原因。'),
    columns: [...listColumns.slice(0, 3), { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_template_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Templates', '快速查找微信模板'),
    description: label('Searches the title and the template id.', '搜索标题与模板 ID。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_wechattemplateid'],
  },
  {
    id: 'wxm_template_lookup',
    type: 'lookup',
    name: label('WeChat Template Lookup View', '微信模板查找视图'),
    description: label('Used when choosing a template.', '选择模板时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_officialaccountid', width: 160 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_template_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Template Advanced Find View', '微信模板高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_template_associated',
    type: 'associated',
    name: label('WeChat Template Associated View', '微信模板关联视图'),
    description: label('Templates of an account.', '公众号的模板。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

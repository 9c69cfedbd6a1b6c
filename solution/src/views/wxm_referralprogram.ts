/** Views of referral programs. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_threshold', width: 110 },
  { column: 'wxm_rewardtag', width: 140 },
  { column: 'wxm_expirydays', width: 110 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_referralprogram_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Referral Programs', '有效的微信裂变活动'),
    description: label('Referral programs running now.', '正在进行的裂变活动。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_referralprogram_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Referral Programs', '快速查找微信裂变活动'),
    description: label('Searches the program name.', '搜索活动名称。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name'],
  },
  {
    id: 'wxm_referralprogram_lookup',
    type: 'lookup',
    name: label('WeChat Referral Program Lookup View', '微信裂变活动查找视图'),
    description: label('Used when choosing a referral program.', '选择裂变活动时使用。'),
    columns: [{ column: 'wxm_name', width: 220 }],
    order,
    filter: [active],
  },
  {
    id: 'wxm_referralprogram_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Referral Program Advanced Find View', '微信裂变活动高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_referralprogram_associated',
    type: 'associated',
    name: label('WeChat Referral Program Associated View', '微信裂变活动关联视图'),
    description: label('Referral programs of an account.', '公众号的裂变活动。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

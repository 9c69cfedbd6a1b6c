/** Views of subscription consents: who accepted which template, and who turned one off. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_followerid', width: 180 },
  { column: 'wxm_subscriptiontemplateid', width: 180 },
  { column: 'wxm_consentstatus', width: 110 },
  { column: 'wxm_consentedon', width: 150 },
  { column: 'wxm_popupscene', width: 120 },
  { column: 'wxm_consentsource', width: 160 },
];
const order = [{ column: 'wxm_consentedon', descending: true }];

const views: ViewDef[] = [
  {
    id: 'wxm_subscriptionconsent_active',
    type: 'public',
    isDefault: true,
    name: label('Subscription Consents', '订阅授权'),
    description: label('Every answer, newest first.', '全部订阅选择，最新的在前。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptionconsent_accepted',
    type: 'public',
    name: label('Accepted Subscriptions', '已同意的订阅'),
    description: label('Followers who may receive the template.', '可接收该模板的粉丝。'),
    columns: listColumns,
    order,
    filter: [active, { column: 'wxm_consentstatus', operator: 'eq', value: 472610000 }],
  },
  {
    id: 'wxm_subscriptionconsent_quickfind',
    type: 'quickFind',
    name: label('Quick Find Subscription Consents', '快速查找订阅授权'),
    description: label('Searches the name and the WeChat template id.', '搜索名称和微信模板 ID。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_wechattemplateid'],
  },
  {
    id: 'wxm_subscriptionconsent_lookup',
    type: 'lookup',
    name: label('Subscription Consent Lookup View', '订阅授权查找视图'),
    description: label('Used when choosing a consent.', '选择订阅授权时使用。'),
    columns: [
      { column: 'wxm_name', width: 200 },
      { column: 'wxm_consentstatus', width: 110 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_subscriptionconsent_advancedfind',
    type: 'advancedFind',
    name: label('Subscription Consent Advanced Find View', '订阅授权高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_subscriptionconsent_associated',
    type: 'associated',
    name: label('Subscription Consent Associated View', '订阅授权关联视图'),
    description: label("A follower's or a template's consents.", '粉丝或模板的订阅授权。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

/** Views of QR codes: channels with their counts, referral codes, failed codes. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_purpose', width: 110 },
  { column: 'wxm_permanent', width: 110 },
  { column: 'wxm_state', width: 110 },
  { column: 'wxm_scancount', width: 100 },
  { column: 'wxm_newfollowercount', width: 110 },
  { column: 'wxm_stillfollowing', width: 110 },
  { column: 'wxm_expireson', width: 150 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_qrcode_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat QR Codes', '有效的微信二维码'),
    description: label('QR codes with their scan counts.', '二维码及其扫码统计。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_qrcode_failed',
    type: 'public',
    name: label('Failed WeChat QR Codes', '创建失败的微信二维码'),
    description: label('Codes WeChat did not create, with the reason.', '微信未创建的二维码及原因。'),
    columns: [...listColumns.slice(0, 5), { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_qrcode_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat QR Codes', '快速查找微信二维码'),
    description: label('Searches the channel name and scene.', '搜索渠道名称与场景值。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_scene'],
  },
  {
    id: 'wxm_qrcode_lookup',
    type: 'lookup',
    name: label('WeChat QR Code Lookup View', '微信二维码查找视图'),
    description: label('Used when choosing a QR code.', '选择二维码时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_scene', width: 160 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_qrcode_advancedfind',
    type: 'advancedFind',
    name: label('WeChat QR Code Advanced Find View', '微信二维码高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_qrcode_associated',
    type: 'associated',
    name: label('WeChat QR Code Associated View', '微信二维码关联视图'),
    description: label('QR codes of an account, campaign, employee or referrer.', '公众号、市场活动、员工或推荐人的二维码。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

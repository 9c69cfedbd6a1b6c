/** Views of materials: every material with its media id, failed uploads with the reason. */
import { label } from '../dsl/labels.js';
import type { ViewDef } from '../dsl/types.js';

const active = { column: 'statecode', operator: 'eq', value: 0 } as const;
const listColumns = [
  { column: 'wxm_name', width: 220 },
  { column: 'wxm_officialaccountid', width: 160 },
  { column: 'wxm_purpose', width: 130 },
  { column: 'wxm_mediatype', width: 100 },
  { column: 'wxm_state', width: 100 },
  { column: 'wxm_mediaid', width: 260 },
  { column: 'wxm_expireson', width: 150 },
];
const order = [{ column: 'wxm_name', descending: false }];

const views: ViewDef[] = [
  {
    id: 'wxm_material_active',
    type: 'public',
    isDefault: true,
    name: label('Active WeChat Materials', '有效的微信素材'),
    description: label('Materials with their media ids.', '素材及其 media_id。'),
    columns: listColumns,
    order,
    filter: [active],
  },
  {
    id: 'wxm_material_failed',
    type: 'public',
    name: label('Failed WeChat Materials', '上传失败的微信素材'),
    description: label('Files WeChat did not accept, with the reason.', '微信未接收的文件及原因。'),
    columns: [...listColumns.slice(0, 5), { column: 'wxm_failurereason', width: 300 }],
    order,
    filter: [active, { column: 'wxm_state', operator: 'eq', value: 472610002 }],
  },
  {
    id: 'wxm_material_quickfind',
    type: 'quickFind',
    name: label('Quick Find WeChat Materials', '快速查找微信素材'),
    description: label('Searches the name, file name and media id.', '搜索名称、文件名与 media_id。'),
    columns: listColumns,
    order,
    filter: [active],
    findColumns: ['wxm_name', 'wxm_filename', 'wxm_mediaid'],
  },
  {
    id: 'wxm_material_lookup',
    type: 'lookup',
    name: label('WeChat Material Lookup View', '微信素材查找视图'),
    description: label('Used when choosing a material.', '选择素材时使用。'),
    columns: [
      { column: 'wxm_name', width: 220 },
      { column: 'wxm_mediatype', width: 100 },
      { column: 'wxm_mediaid', width: 260 },
    ],
    order,
    filter: [active],
  },
  {
    id: 'wxm_material_advancedfind',
    type: 'advancedFind',
    name: label('WeChat Material Advanced Find View', '微信素材高级查找视图'),
    description: label('Columns of advanced find results.', '高级查找结果的列。'),
    columns: listColumns,
    order,
  },
  {
    id: 'wxm_material_associated',
    type: 'associated',
    name: label('WeChat Material Associated View', '微信素材关联视图'),
    description: label('Materials of an account.', '公众号的素材。'),
    columns: listColumns,
    order,
    filter: [active],
  },
];

export default views;

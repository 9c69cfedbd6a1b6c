/**
 * The menu form: name, account and, for a conditional menu, its tag; the menu designer (pcf-controls/MenuDesigner,
 * bound to wxm_definition: the phone preview, the byte limits as the operator types, Publish and Import); and what
 * WeChat did with it (read-only).
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_menu_main',
    type: 'main',
    name: label('WeChat Menu', '微信菜单'),
    description: label('A custom menu, its designer and what WeChat shows.', '自定义菜单、菜单设计器及微信中的状态。'),
    header: ['wxm_officialaccountid', 'wxm_state', 'wxm_publishedon'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'menu',
            label: label('Menu', '菜单'),
            cells: [{ column: 'wxm_name' }, { column: 'wxm_officialaccountid' }, { column: 'wxm_conditional' }, { column: 'wxm_tagid' }],
          },
          {
            // The designer explains "the last tag wins", the three-domain limit and the default-menu cascade before Publish.
            id: 'designer',
            label: label('Designer', '菜单设计'),
            cells: [{ column: 'wxm_definition', customControl: 'wxm_Wechat.MenuDesigner', rowSpan: 24 }],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [
              readOnly('wxm_state'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_publishedon'),
              readOnly('wxm_wechatmenuid'),
              readOnly('wxm_publishrequestedon'),
              readOnly('wxm_importrequestedon'),
              readOnly('wxm_importedon'),
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

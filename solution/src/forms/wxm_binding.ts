/** A binding is written by the relay; the form shows it read-only, and an admin removes it with Delete. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_binding_main',
    type: 'main',
    name: label('WeChat Binding', '微信绑定'),
    description: label('Who is bound to a follower, how and when.', '粉丝绑定的人员、方式与时间。'),
    header: ['wxm_method', 'wxm_boundon'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'binding',
            label: label('Binding', '绑定'),
            cells: [readOnly('wxm_name'), readOnly('wxm_followerid'), readOnly('wxm_contactid'), readOnly('wxm_leadid'), readOnly('wxm_systemuserid')],
          },
          {
            id: 'proof',
            label: label('Proof', '凭据'),
            cells: [readOnly('wxm_method'), readOnly('wxm_boundon'), readOnly('wxm_source')],
          },
        ],
      },
    ],
  },
];

export default forms;

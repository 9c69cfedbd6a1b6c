/** One WeChat call of a broadcast, read-only: the relay writes it. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_broadcastsend_main',
    type: 'main',
    name: label('WeChat Broadcast Send', '微信群发批次'),
    description: label('One WeChat call of a broadcast and its result.', '群发的一次微信调用及其结果。'),
    header: ['wxm_broadcastid', 'wxm_chunk', 'wxm_sentcount'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'send',
            label: label('Send', '发送'),
            cells: [
              readOnly('wxm_name'),
              readOnly('wxm_broadcastid'),
              readOnly('wxm_chunk'),
              readOnly('wxm_clientmsgid'),
              readOnly('wxm_recipientcount'),
              readOnly('wxm_wechatmsgid'),
              readOnly('wxm_msgdataid'),
              readOnly('wxm_senton'),
            ],
          },
          {
            id: 'result',
            label: label('Result', '结果'),
            cells: [
              readOnly('wxm_resultstatus'),
              readOnly('wxm_totalcount'),
              readOnly('wxm_filtercount'),
              readOnly('wxm_sentcount'),
              readOnly('wxm_errorcount'),
              readOnly('wxm_copyrightresult'),
              readOnly('wxm_openids'),
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

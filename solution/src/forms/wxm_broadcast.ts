/**
 * The broadcast form: what, to whom and when (editable); the reach estimate, status and WeChat's result (read-only,
 * written by the relay). Preview, Send and Delete stamp the request columns (the form script, webresources/src/forms/
 * broadcast, offers them as buttons); the sends of an openid-list audience are listed per chunk.
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_broadcast_main',
    type: 'main',
    name: label('WeChat Broadcast', '微信群发'),
    description: label(
      'A mass send or active push: audience, content, schedule, reach estimate and result.',
      '群发或主动推送：受众、内容、定时、受众估算及结果。',
    ),
    header: ['wxm_broadcaststatus', 'wxm_reachcount', 'wxm_sentcount', 'wxm_sendon'],
    // Status, reach estimate, refusals, the confirmation state and WeChat's results as notifications, and the
    // Preview, Send and Delete buttons (webresources/src/forms/broadcast).
    libraries: ['wxm_/forms/broadcast.js'],
    events: [{ event: 'onload', handlers: [{ library: 'wxm_/forms/broadcast.js', functionName: 'WechatMarketing.Broadcast.onLoad' }] }],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'broadcast',
            label: label('Broadcast', '群发'),
            cells: [{ column: 'wxm_name' }, { column: 'wxm_officialaccountid' }, { column: 'wxm_kind' }, { column: 'wxm_sendon' }],
          },
          {
            id: 'audience',
            label: label('Audience', '受众'),
            cells: [{ column: 'wxm_audiencekind' }, { column: 'wxm_tagid' }, { column: 'wxm_audienceviewid' }, { column: 'wxm_audiencelistid' }],
          },
          {
            id: 'content',
            label: label('Content', '内容'),
            cells: [
              { column: 'wxm_contenttype' },
              { column: 'wxm_title' },
              { column: 'wxm_author' },
              { column: 'wxm_content' },
              { column: 'wxm_mediaid' },
              readOnly('wxm_articlemediaid'),
            ],
          },
          {
            id: 'preview',
            label: label('Preview', '预览'),
            cells: [{ column: 'wxm_previewfollowerid' }, { column: 'wxm_previewopenid' }, readOnly('wxm_previewrequestedon'), readOnly('wxm_previewedon')],
          },
          {
            id: 'reach',
            label: label('Reach Estimate', '受众估算'),
            cells: [readOnly('wxm_reachcount'), readOnly('wxm_reachmonthlimited'), readOnly('wxm_maysendtoday'), readOnly('wxm_reachestimatedon')],
          },
        ],
      },
      {
        id: 'result',
        label: label('Result', '结果'),
        sections: [
          {
            id: 'status',
            label: label('Status', '状态'),
            cells: [
              readOnly('wxm_broadcaststatus'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_sendrequestedon'),
              readOnly('wxm_senton'),
              readOnly('wxm_wechatmsgid'),
              readOnly('wxm_chunkcount'),
              readOnly('wxm_chunkssent'),
              readOnly('wxm_deleterequestedon'),
            ],
          },
          {
            id: 'counts',
            label: label('WeChat’s Counts', '微信统计'),
            cells: [
              readOnly('wxm_resultstatus'),
              readOnly('wxm_totalcount'),
              readOnly('wxm_filtercount'),
              readOnly('wxm_sentcount'),
              readOnly('wxm_errorcount'),
              readOnly('wxm_copyrightresult'),
              readOnly('wxm_skippedreport'),
            ],
          },
          {
            id: 'sends',
            label: label('Sends', '发送批次'),
            cells: [
              {
                subgrid: {
                  id: 'broadcast_sends',
                  label: label('Sends', '发送批次'),
                  table: 'wxm_broadcastsend',
                  relationship: 'wxm_broadcast_wxm_broadcastsend',
                  view: 'wxm_broadcastsend_associated',
                  rows: 10,
                },
              },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

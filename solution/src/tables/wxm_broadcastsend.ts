/**
 * One WeChat call of a broadcast: the whole send for everyone or a tag (sendall), or one chunk of up to 10,000
 * openids (mass/send). Written before the call with its recipients and clientmsgid (broadcast id + chunk), so a
 * relay restarted mid-send resumes at the first chunk without a msg_id and sends no chunk twice; WeChat's answer
 * and its MASSSENDJOBFINISH counts are kept here and summed on the broadcast.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const count = (schemaName: string, en: string, zh: string) => int(schemaName, label(en, zh), label(en, zh), 0, 2147483647);

const broadcastSend: TableDef = {
  schemaName: 'wxm_BroadcastSend',
  entitySetName: 'wxm_broadcastsends',
  displayName: label('WeChat Broadcast Send', '微信群发批次'),
  pluralName: label('WeChat Broadcast Sends', '微信群发批次'),
  description: label(
    'One WeChat call of a broadcast (a chunk of up to 10,000 openids) and its result.',
    '群发的一次微信调用（最多 10,000 个 OpenID 的一批）及其结果。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: false,
  primaryName: text('wxm_Name', label('Name', '名称'), label('The broadcast and chunk number.', '群发名称与批次号。'), 200),
  columns: [
    lookup(
      'wxm_BroadcastId',
      label('Broadcast', '群发'),
      label('The broadcast this call belongs to.', '此次调用所属的群发。'),
      { table: 'wxm_broadcast', relationship: 'wxm_broadcast_wxm_broadcastsend', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account that sent it (counts the day’s calls).', '发送的公众号（用于统计当日调用次数）。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_broadcastsend', cascadeDelete: 'Cascade' },
    ),
    int('wxm_Chunk', label('Chunk', '批次'), label('0 for sendall; 0, 1, … for openid chunks.', 'sendall 为 0；按 OpenID 发送时为 0、1、…'), 0, 100000),
    text(
      'wxm_ClientMsgId',
      label('Client Msg ID', 'clientmsgid'),
      label('Derived from the broadcast id and chunk: a retry never sends twice.', '由群发 ID 与批次生成：重试不会重复发送。'),
      64,
      {
        required: 'required',
      },
    ),
    memo(
      'wxm_OpenIds',
      label('OpenIDs', 'OpenID 列表'),
      label('The chunk’s recipients, one per line (empty for sendall).', '本批接收者，每行一个（sendall 时为空）。'),
      400000,
    ),
    count('wxm_RecipientCount', 'Recipients', '接收者数'),
    text(
      'wxm_WechatMsgId',
      label('WeChat Msg ID', '微信消息 ID'),
      label('msg_id WeChat answered (45065 answers the first one).', '微信返回的 msg_id（45065 时为首次发送的）。'),
      100,
    ),
    text('wxm_MsgDataId', label('Msg Data ID', 'msg_data_id'), label('msg_data_id of an article send.', '图文群发的 msg_data_id。'), 100),
    dateTime('wxm_SentOn', label('Sent On', '发送于'), label('When WeChat accepted the call.', '微信接受调用的时间。')),
    text('wxm_ResultStatus', label('WeChat Status', '微信状态'), label('Status of its MASSSENDJOBFINISH.', '其 MASSSENDJOBFINISH 的 Status。'), 200),
    count('wxm_TotalCount', 'Total', '总数'),
    count('wxm_FilterCount', 'After Filtering', '过滤后'),
    count('wxm_SentCount', 'Sent', '发送成功'),
    count('wxm_ErrorCount', 'Errors', '发送失败'),
    memo('wxm_CopyrightResult', label('Originality Check', '原创校验结果'), label('CopyrightCheckResult per article.', '每篇图文的原创校验结果。'), 20000),
  ],
  keys: [
    {
      schemaName: 'wxm_broadcastsend_clientmsgid',
      displayName: label('Client Msg ID', 'clientmsgid'),
      columns: ['wxm_clientmsgid'],
    },
  ],
};

export default broadcastSend;

/**
 * A broadcast of an official account: a mass send (群发: everyone, a tag, or a view's / marketing list's followers by
 * openid in chunks of up to 10,000) or a 48-hour active push (customer-service messages to the audience's followers
 * whose reply window is open). The row is the request: Preview, Send and Delete are stamped request columns; the
 * relay re-reads the row, refuses what WeChat would refuse (before calling it), sends once (clientmsgid per chunk),
 * and writes WeChat's outcome back (MASSSENDJOBFINISH counts, originality check, skipped followers).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { bool, choice, dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const count = (schemaName: string, en: string, zh: string, enDesc: string, zhDesc: string) =>
  int(schemaName, label(en, zh), label(enDesc, zhDesc), 0, 2147483647);

const broadcast: TableDef = {
  schemaName: 'wxm_Broadcast',
  entitySetName: 'wxm_broadcasts',
  displayName: label('WeChat Broadcast', '微信群发'),
  pluralName: label('WeChat Broadcasts', '微信群发'),
  description: label(
    'A mass send or 48-hour active push of an official account, with its audience, content, schedule and WeChat’s result.',
    '公众号的群发或 48 小时主动推送，包括受众、内容、定时和微信返回的结果。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: true,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('What the broadcast is, e.g. "December newsletter".', '群发的名称，例如“十二月简报”。'), 200, {
    required: 'required',
  }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account that sends.', '发送的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_broadcast', cascadeDelete: 'Restrict' },
      { required: 'required' },
    ),
    choice('wxm_Kind', label('Kind', '类型'), label('Mass send, or 48-hour active push.', '群发，或 48 小时主动推送。'), 'wxm_broadcastkind', {
      defaultValue: 472610000,
    }),
    choice(
      'wxm_AudienceKind',
      label('Audience', '受众'),
      label('Everyone, a tag, a view or a marketing list.', '全部粉丝、标签、视图或营销列表。'),
      'wxm_audiencekind',
      {
        defaultValue: 472610000,
      },
    ),
    lookup(
      'wxm_TagId',
      label('Tag', '标签'),
      label('The WeChat tag whose followers receive it (audience Tag).', '接收此群发的粉丝所带的微信标签（受众为标签时）。'),
      { table: 'wxm_tag', relationship: 'wxm_tag_wxm_broadcast', cascadeDelete: 'RemoveLink' },
    ),
    text(
      'wxm_AudienceViewId',
      label('Audience View', '受众视图'),
      label('Id of a saved view of followers or contacts (audience View).', '粉丝或联系人系统视图的 ID（受众为视图时）。'),
      100,
    ),
    text(
      'wxm_AudienceListId',
      label('Audience Marketing List', '受众营销列表'),
      label('Id of a static marketing list of contacts (audience Marketing List).', '联系人静态营销列表的 ID（受众为营销列表时）。'),
      100,
    ),
    choice(
      'wxm_ContentType',
      label('Content Type', '内容类型'),
      label('Text, image, voice, video or article.', '文本、图片、语音、视频或图文。'),
      'wxm_broadcastcontent',
      {
        defaultValue: 472610000,
      },
    ),
    memo(
      'wxm_Content',
      label('Content', '内容'),
      label('The text (at most 2,048 bytes), or the article’s HTML body.', '文本内容（最多 2,048 个字节），或图文的 HTML 正文。'),
      100000,
    ),
    text('wxm_Title', label('Article Title', '图文标题'), label('The article’s title (at most 32 characters).', '图文标题（最多 32 个字符）。'), 64),
    text('wxm_Author', label('Article Author', '图文作者'), label('The article’s author (at most 16 characters).', '图文作者（最多 16 个字符）。'), 32),
    text(
      'wxm_MediaId',
      label('Media ID', '素材 ID'),
      label(
        'The image or voice media id (permanent material), the video’s temporary media id (the relay makes the mass video), or for an article the cover image (permanent thumb) media id.',
        '图片或语音的素材 ID（永久素材）、视频的临时素材 ID（由中继生成群发视频），或图文的封面图（永久缩略图）素材 ID。',
      ),
      200,
    ),
    text(
      'wxm_ArticleMediaId',
      label('Article Draft ID', '图文草稿 ID'),
      label('The media id draft/add returned for the article.', 'draft/add 返回的图文 media_id。'),
      200,
    ),
    dateTime('wxm_SendOn', label('Send On', '发送时间'), label('When to send; empty: when Send is pressed.', '发送时间；留空则在点击“发送”时发送。')),
    dateTime(
      'wxm_PreviewRequestedOn',
      label('Preview Requested On', '请求预览时间'),
      label('Set by Preview: the relay sends a preview.', '点击“预览”时设置：中继发送预览。'),
    ),
    text(
      'wxm_PreviewOpenId',
      label('Preview To (OpenID)', '预览接收者（OpenID）'),
      label('The openid of the staff member who gets the preview.', '接收预览的工作人员的 OpenID。'),
      64,
    ),
    lookup(
      'wxm_PreviewFollowerId',
      label('Preview To', '预览接收者'),
      label('The follower (a staff member) who gets the preview.', '接收预览的粉丝（工作人员）。'),
      { table: 'wxm_follower', relationship: 'wxm_follower_wxm_broadcast_preview', cascadeDelete: 'RemoveLink' },
    ),
    dateTime('wxm_PreviewedOn', label('Previewed On', '预览发送时间'), label('When the relay last sent a preview.', '中继最近一次发送预览的时间。')),
    dateTime('wxm_SendRequestedOn', label('Send Requested On', '请求发送时间'), label('Set by Send.', '点击“发送”时设置。')),
    dateTime('wxm_DeleteRequestedOn', label('Delete Requested On', '请求删除时间'), label('Set by Delete (after sending).', '发送后点击“删除”时设置。')),
    choice(
      'wxm_BroadcastStatus',
      label('Status', '状态'),
      label('Draft, scheduled, sending, awaiting confirmation, sent, failed, deleted.', '草稿、已定时、发送中、等待确认、已发送、失败、已删除。'),
      'wxm_broadcaststatus',
      {
        defaultValue: 472610000,
      },
    ),
    dateTime('wxm_SentOn', label('Sent On', '发送于'), label('When the relay handed the broadcast to WeChat.', '中继将群发交给微信的时间。')),
    text(
      'wxm_WechatMsgId',
      label('WeChat Msg ID', '微信消息 ID'),
      label('msg_id of the send (the first chunk’s for openid lists).', '群发的 msg_id（按 OpenID 发送时为第一批的）。'),
      100,
    ),
    count('wxm_ChunkCount', 'Chunks', '批次数', 'Sends the audience takes (10,000 openids each).', '受众所需的发送批次（每批 10,000 个 OpenID）。'),
    count('wxm_ChunksSent', 'Chunks Sent', '已发送批次', 'Chunks WeChat accepted.', '微信已接受的批次。'),
    count('wxm_ReachCount', 'Followers in Audience', '受众粉丝数', 'Followers in the audience when estimated.', '估算时受众中的粉丝数。'),
    count(
      'wxm_ReachMonthLimited',
      'Already Got 4 This Month',
      '本月已收满 4 条',
      'Followers of the audience who already received 4 mass messages this month (WeChat filters them).',
      '受众中本月已收到 4 条群发的粉丝（微信将过滤）。',
    ),
    bool(
      'wxm_MaySendToday',
      label('May Send Today', '今日可群发'),
      label(
        'Whether the account may still mass send today (subscription accounts: once a day; 100 calls a day).',
        '该账号今天是否还能群发（订阅号每天 1 次；每天 100 次调用）。',
      ),
      { yes: label('Yes', '是'), no: label('No', '否'), defaultValue: false },
    ),
    dateTime('wxm_ReachEstimatedOn', label('Estimated On', '估算时间'), label('When the reach was estimated.', '估算受众的时间。')),
    count(
      'wxm_TotalCount',
      'Total',
      '总数',
      'TotalCount of MASSSENDJOBFINISH (or followers in the push).',
      'MASSSENDJOBFINISH 的 TotalCount（或推送的粉丝数）。',
    ),
    count(
      'wxm_FilterCount',
      'After Filtering',
      '过滤后',
      'FilterCount: followers WeChat sent to after filtering.',
      'FilterCount：微信过滤后准备发送的粉丝数。',
    ),
    count('wxm_SentCount', 'Sent', '发送成功', 'SentCount: followers who received it.', 'SentCount：成功收到的粉丝数。'),
    count('wxm_ErrorCount', 'Errors', '发送失败', 'ErrorCount: followers it failed for.', 'ErrorCount：发送失败的粉丝数。'),
    text(
      'wxm_ResultStatus',
      label('WeChat Status', '微信状态'),
      label('Status of MASSSENDJOBFINISH, e.g. "send success" or "err(30003)".', 'MASSSENDJOBFINISH 的 Status，如 “send success” 或 “err(30003)”。'),
      200,
    ),
    memo(
      'wxm_CopyrightResult',
      label('Originality Check', '原创校验结果'),
      label('The originality check per article (CopyrightCheckResult), one line each.', '每篇图文的原创校验结果（CopyrightCheckResult），每篇一行。'),
      20000,
    ),
    memo('wxm_SkippedReport', label('Skipped Followers', '跳过的粉丝'), label('Active push: who was skipped and why.', '主动推送：跳过的粉丝及原因。'), 100000),
    memo(
      'wxm_FailureReason',
      label('Reason', '原因'),
      label('Why the broadcast was refused, failed or waits (English, then Chinese).', '群发被拒绝、失败或等待的原因（英文，其后中文）。'),
      4000,
    ),
  ],
  keys: [],
};

export default broadcast;

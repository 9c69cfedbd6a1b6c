/**
 * An Official Account authorized to the relay. The relay creates and updates it after the admin
 * authorizes the account in Start To Use; operators only read it.
 */
import { bool, choice, dateTime, int, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const officialAccount: TableDef = {
  schemaName: 'wxm_OfficialAccount',
  entitySetName: 'wxm_officialaccounts',
  displayName: label('Official Account', '公众号'),
  pluralName: label('Official Accounts', '公众号'),
  description: label('A WeChat Official Account authorized to Wechat Marketing.', '已授权给微信营销的微信公众号。'),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('The account name shown to followers.', '粉丝看到的公众号名称。'), 100, {
    required: 'required',
  }),
  columns: [
    // AppIDs are "wx" + 16 hex characters; 32 leaves room without inviting junk.
    text('wxm_AppId', label('AppID', 'AppID'), label('The account AppID (wx…).', '公众号的 AppID（wx…）。'), 32, { required: 'required' }),
    // Original IDs are "gh_" + 12 hex characters.
    text('wxm_OriginalId', label('Original ID', '原始 ID'), label('The account original ID (gh_…).', '公众号的原始 ID（gh_…）。'), 32),
    text('wxm_PrincipalName', label('Principal', '主体名称'), label('The company or person that owns the account.', '公众号的主体（公司或个人）。'), 200),
    text('wxm_HeadImageUrl', label('Avatar URL', '头像地址'), label('URL of the account avatar.', '公众号头像的地址。'), 1000, { format: 'url' }),
    choice('wxm_AccountType', label('Account Type', '账号类型'), label('Subscription or service account.', '订阅号或服务号。'), 'wxm_accounttype'),
    choice(
      'wxm_VerificationType',
      label('Verification', '认证'),
      label('How WeChat verified the account.', '微信对公众号的认证情况。'),
      'wxm_verificationtype',
    ),
    choice(
      'wxm_AccountStatus',
      label('Account Status', '公众号状态'),
      label('Authorization state as the relay last saw it.', '中继服务最近看到的授权状态。'),
      'wxm_accountstatus',
      {
        required: 'required',
        defaultValue: 472610000,
      },
    ),
    text(
      'wxm_Permissions',
      label('Granted Permissions', '已授权权限'),
      label('WeChat permission set ids granted to the relay, comma separated.', '授权给中继服务的微信权限集编号，以逗号分隔。'),
      1000,
    ),
    text(
      'wxm_MissingPermissions',
      label('Missing Permissions', '缺少的权限'),
      label('Permission set ids the relay needs but was not granted, comma separated.', '中继服务需要但未获授权的权限集编号，以逗号分隔。'),
      1000,
    ),
    dateTime('wxm_AuthorizedOn', label('Authorized On', '授权时间'), label('When the account was last authorized.', '最近一次授权的时间。')),
    memo(
      'wxm_LastDeliveryError',
      label('Last Delivery Error', '最近投递错误'),
      label('The last error the relay met writing to or sending from this account.', '中继服务为此公众号写入或发送时最近遇到的错误。'),
      4000,
    ),
    dateTime(
      'wxm_LastDeliveryErrorOn',
      label('Last Delivery Error On', '最近投递错误时间'),
      label('When the last delivery error happened.', '最近投递错误发生的时间。'),
    ),
    // [followers] The follower sync: the form's "Sync followers" sets wxm_SyncRequestedOn (an Update step hints the
    // relay); the relay writes the rest after each page (relay/followers/sync-run.ts).
    dateTime(
      'wxm_SyncRequestedOn',
      label('Sync Requested On', '同步请求时间'),
      label('When someone asked for a full follower sync (the Sync followers action).', '请求完整粉丝同步的时间（“同步粉丝”操作）。'),
    ),
    choice(
      'wxm_SyncState',
      label('Follower Sync', '粉丝同步'),
      label('Where the full follower sync stands.', '完整粉丝同步的状态。'),
      'wxm_followersyncstate',
      { defaultValue: 472610000 },
    ),
    int(
      'wxm_SyncedFollowers',
      label('Synced Followers', '已同步粉丝'),
      label('Followers written by the current or last sync.', '本次或上次同步写入的粉丝数。'),
      0,
      2147483647,
    ),
    int(
      'wxm_TotalFollowers',
      label('Total Followers', '粉丝总数'),
      label('Followers WeChat reported at the last sync.', '上次同步时微信报告的粉丝总数。'),
      0,
      2147483647,
    ),
    dateTime('wxm_SyncStartedOn', label('Sync Started On', '同步开始时间'), label('When the current or last sync started.', '本次或上次同步开始的时间。')),
    dateTime('wxm_SyncCompletedOn', label('Sync Completed On', '同步完成时间'), label('When the last full sync finished.', '上次完整同步完成的时间。')),
    dateTime(
      'wxm_SyncResumeOn',
      label('Sync Resumes On', '同步恢复时间'),
      label("When a sync paused by WeChat's daily quota continues.", '因微信每日配额暂停的同步将继续的时间。'),
    ),
    text(
      'wxm_SyncLastError',
      label('Sync Last Error', '同步最近错误'),
      label('Why the sync paused or failed, in English and Chinese.', '同步暂停或失败的原因（中英文）。'),
      2000,
    ),
    // [templates] "Sync templates": stamping wxm_TemplateSyncRequestedOn (a form button, a bulk edit or Power Automate)
    // makes the relay read the account's private templates from WeChat into wxm_template rows; wxm_TemplateSyncDoneOn
    // holds the request time it answered (a later request is a new one) and wxm_TemplateSyncResult what came of it.
    dateTime(
      'wxm_TemplateSyncRequestedOn',
      label('Template Sync Requested On', '模板同步请求时间'),
      label("Set it to now to bring the account's template message templates from WeChat.", '设为当前时间，即可从微信同步该公众号的模板消息模板。'),
    ),
    dateTime(
      'wxm_TemplateSyncDoneOn',
      label('Template Sync Answered', '模板同步已处理的请求'),
      label(
        'The request time of the last template sync the relay finished (a later request is a new one).',
        '中继服务已完成的模板同步请求的请求时间（晚于此时间的请求为新请求）。',
      ),
    ),
    memo(
      'wxm_TemplateSyncResult',
      label('Template Sync Result', '模板同步结果'),
      label('What the last template sync did, or why it could not (English, then Chinese).', '上次模板同步的结果或未能同步的原因（英文，其后中文）。'),
      2000,
    ),
    // [account] Quota: the form's "Check quota" sets wxm_QuotaRequestedOn and "Reset quota" wxm_QuotaResetRequestedOn
    // (Update steps hint the relay); the relay writes the rest (functions/src/relay/accounts/quota-hint.ts).
    dateTime(
      'wxm_QuotaRequestedOn',
      label('Quota Check Requested On', '配额查询请求时间'),
      label("When someone asked for today's API quota use (the Check quota action).", '请求查询今日接口调用配额的时间（“查询配额”操作）。'),
    ),
    dateTime(
      'wxm_QuotaResetRequestedOn',
      label('Quota Reset Requested On', '配额重置请求时间'),
      label('When someone asked to reset the API quotas (the Reset quota action).', '请求重置接口调用次数的时间（“重置配额”操作）。'),
    ),
    memo(
      'wxm_QuotaReport',
      label('Quota Report', '配额报告'),
      label("Today's quota of each API this product calls, as the relay read it (JSON).", '中继服务读取的本产品所调用各接口的今日配额（JSON）。'),
      4000,
    ),
    dateTime(
      'wxm_QuotaCheckedOn',
      label('Quota Checked On', '配额查询时间'),
      label('When the relay last read the quotas from WeChat.', '中继服务最近一次从微信读取配额的时间。'),
    ),
    int(
      'wxm_QuotaResetsThisMonth',
      label('Quota Resets This Month', '本月配额重置次数'),
      label('Resets used in the Beijing month of Quota Reset Month (WeChat allows 10).', '“配额重置月份”（北京时间）内已用的重置次数（微信每月允许 10 次）。'),
      0,
      10,
    ),
    text(
      'wxm_QuotaResetMonth',
      label('Quota Reset Month', '配额重置月份'),
      label('The Beijing month (yyyy-MM) the reset counter counts.', '重置计数所属的月份（北京时间，yyyy-MM）。'),
      7,
    ),
    text(
      'wxm_QuotaResetResult',
      label('Quota Reset Result', '配额重置结果'),
      label("WeChat's answer to the last reset, in English and Chinese.", '微信对最近一次重置的答复（中英文）。'),
      1000,
    ),
    dateTime(
      'wxm_QuotaResetOn',
      label('Quota Reset Handled', '已处理的配额重置请求'),
      label(
        'The request time of the last reset request the relay handled (a later request is new).',
        '中继服务最近处理的重置请求的请求时间（晚于此时间的请求为新请求）。',
      ),
    ),
    // [lifecycle] Remove account: the form's "Remove account" sets these; the relay removes and reports.
    dateTime(
      'wxm_RemovalRequestedOn',
      label('Removal Requested On', '移除请求时间'),
      label(
        'When an administrator asked to remove the account from the relay (the relay acts on a newer request).',
        '管理员请求从中继服务移除该公众号的时间（中继服务处理较新的请求）。',
      ),
    ),
    bool(
      'wxm_RemoveData',
      label('Remove Data Too', '同时删除数据'),
      label(
        'Whether removing the account also deletes its followers, tags, QR codes, messages, referral programs and daily statistics in Dataverse.',
        '移除公众号时是否同时删除其在 Dataverse 中的粉丝、标签、二维码、消息、裂变活动与每日统计。',
      ),
      { yes: label('Remove data', '删除数据'), no: label('Keep data', '保留数据'), defaultValue: false },
    ),
    text(
      'wxm_RemovalState',
      label('Removal Status', '移除状态'),
      label('What the relay has removed so far, or why it stopped.', '中继服务已移除的内容，或停止的原因。'),
      1000,
    ),
    dateTime(
      'wxm_RemovalDoneOn',
      label('Removal Handled', '已处理的移除请求'),
      label(
        'The request time of the removal the relay completed (a later request is new).',
        '中继服务已完成的移除请求的请求时间（晚于此时间的请求为新请求）。',
      ),
    ),
    // [broadcasts] WeChat has no API that reports "API 群发保护": the admin says here what the MP console shows.
    bool(
      'wxm_MassProtection',
      label('API Mass-Send Protection', 'API 群发保护'),
      label(
        'Yes when "API 群发保护" is on in the MP console: every mass send waits until an administrator confirms it in WeChat (within 30 minutes).',
        '公众平台已开启“API 群发保护”时为“是”：每次群发需管理员在微信中确认（30 分钟内）后才发送。',
      ),
      { yes: label('On', '已开启'), no: label('Off', '未开启'), defaultValue: false },
    ),
  ],
  keys: [{ schemaName: 'wxm_officialaccount_appid', displayName: label('AppID', 'AppID'), columns: ['wxm_appid'] }],
};

export default officialAccount;

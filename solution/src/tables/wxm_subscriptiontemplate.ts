/**
 * A subscription template of an account, chosen from WeChat's public library (Official Account notifications 订阅通知 and
 * Mini Program subscribe messages 订阅消息 share it). An admin saves a row with the library title id and 2–5 keyword ids;
 * the relay adds it in WeChat (addtemplate) and writes back WeChat's template id, content and fields. Sync from WeChat
 * brings in the templates the account already has (gettemplate); Delete from WeChat removes it there (deltemplate).
 */
import { bool, choice, dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const subscriptionTemplate: TableDef = {
  schemaName: 'wxm_SubscriptionTemplate',
  entitySetName: 'wxm_subscriptiontemplates',
  displayName: label('Subscription Template', '订阅模板'),
  pluralName: label('Subscription Templates', '订阅模板'),
  description: label(
    "A subscription notification or subscribe message template of an account, from WeChat's public library.",
    '账号的订阅通知或订阅消息模板，选自微信公共模板库。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  primaryName: text('wxm_Name', label('Title', '标题'), label('The template title, e.g. 课程开课提醒.', '模板标题，例如“课程开课提醒”。'), 100, {
    required: 'required',
  }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Account', '账号'),
      label('The Official Account or Mini Program the template belongs to.', '模板所属的公众号或小程序。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_subscriptiontemplate', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    choice(
      'wxm_Kind',
      label('Kind', '类型'),
      label(
        'Official Account notification or Mini Program message (set by the relay from the account).',
        '公众号订阅通知或小程序订阅消息（由系统按账号填写）。',
      ),
      'wxm_subscriptionkind',
    ),
    int(
      'wxm_Tid',
      label('Library Title ID', '模板库标题 ID'),
      label("The title's id in WeChat's public library (tid).", '微信公共模板库中的标题 ID（tid）。'),
      1,
      2147483647,
    ),
    text(
      'wxm_KeywordIds',
      label('Keyword IDs', '关键词 ID'),
      label('2 to 5 keyword ids of the title, in display order, e.g. "1,2,5" (kidList).', '标题的 2 至 5 个关键词 ID，按显示顺序，例如“1,2,5”（kidList）。'),
      100,
    ),
    text(
      'wxm_SceneDesc',
      label('Scene', '使用场景'),
      label('What the template is used for (sceneDesc, optional).', '模板的使用场景（sceneDesc，可选）。'),
      100,
    ),
    text(
      'wxm_WechatTemplateId',
      label('WeChat Template ID', '微信模板 ID'),
      label('The template_id WeChat gave (priTmplId).', '微信分配的模板 ID（priTmplId）。'),
      100,
    ),
    memo(
      'wxm_Fields',
      label('Fields', '字段'),
      label('The fields as JSON: [{key, label, rule}] (rule: thing, time, phrase, …).', '字段（JSON）：[{key, label, rule}]（rule：thing、time、phrase 等）。'),
      10000,
    ),
    memo('wxm_Content', label('Content', '内容'), label("WeChat's template content.", '微信模板内容。'), 4000),
    memo('wxm_Example', label('Example', '示例'), label("WeChat's example of the content.", '微信提供的内容示例。'), 4000),
    bool(
      'wxm_LongTerm',
      label('Long-Term', '长期订阅'),
      label('Yes: long-term subscription (type 3); No: one-time (type 2).', '是：长期订阅（类型 3）；否：一次性订阅（类型 2）。'),
      { yes: label('Long-term', '长期'), no: label('One-time', '一次性'), defaultValue: false },
    ),
    choice('wxm_State', label('Sync State', '同步状态'), label('Whether WeChat has the template.', '微信中是否已有此模板。'), 'wxm_rowsyncstate'),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why WeChat does not have the template (English, then Chinese).', '微信中没有此模板的原因（英文，其后中文）。'),
      2000,
    ),
    dateTime(
      'wxm_SyncRequestedOn',
      label('Sync Requested On', '同步请求时间'),
      label('Set to bring in every template the account has in WeChat (gettemplate).', '设置后，从微信导入该账号已有的全部模板（gettemplate）。'),
    ),
    dateTime(
      'wxm_SyncedOn',
      label('Synced On', '同步时间'),
      label('When the relay last read the template from WeChat.', '系统最近一次从微信读取此模板的时间。'),
    ),
    dateTime(
      'wxm_DeleteRequestedOn',
      label('Delete Requested On', '删除请求时间'),
      label('Set to delete the template in WeChat (deltemplate); the row is then removed.', '设置后，在微信中删除此模板（deltemplate），随后删除此记录。'),
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_subscriptiontemplate_account_template',
      displayName: label('Account and Template ID', '账号与模板 ID'),
      columns: ['wxm_officialaccountid', 'wxm_wechattemplateid'],
    },
  ],
};

export default subscriptionTemplate;

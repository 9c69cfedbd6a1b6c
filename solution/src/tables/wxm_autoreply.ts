/**
 * An auto-reply rule of an Official Account (自动回复): on follow (optionally only for followers who came through
 * one QR channel), on a keyword (exact or contained, several keywords one per line, by priority), on a menu click
 * key (CLICK), or by default (at most once per follower per period). The relay checks a saved rule (an empty reply,
 * a keyword another active rule of the account already answers, a reply type the account cannot send are refused
 * with the reason), compiles the account's active rules and answers from memory as the passive reply inside
 * WeChat's callback. Rules set in the MP console are imported at authorization (wxm_imported).
 */
import { bool, choice, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const autoreply: TableDef = {
  schemaName: 'wxm_AutoReply',
  entitySetName: 'wxm_autoreplies',
  displayName: label('Auto Reply', '自动回复'),
  pluralName: label('Auto Replies', '自动回复'),
  description: label(
    'A rule the relay answers followers with inside the callback: on follow, keyword, menu click or by default.',
    '中继在回调中用来回复粉丝的规则：关注时、关键词、菜单点击或默认回复。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  primaryName: text('wxm_Name', label('Rule Name', '规则名称'), label('What the rule is for, e.g. "Opening hours".', '规则的用途，例如“营业时间”。'), 100, {
    required: 'required',
  }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account whose followers the rule answers.', '规则所回复粉丝所属的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_autoreply', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    choice(
      'wxm_Kind',
      label('When', '触发方式'),
      label('On follow, keyword, menu click or by default.', '关注时、关键词、菜单点击或默认回复。'),
      'wxm_autoreplykind',
      {
        required: 'required',
      },
    ),
    memo(
      'wxm_Keywords',
      label('Keywords', '关键词'),
      label('Keyword rules: one keyword per line (at most 30 characters each).', '关键词规则：每行一个关键词（每个最多 30 个字符）。'),
      4000,
    ),
    choice(
      'wxm_MatchMode',
      label('Match', '匹配方式'),
      label('Exact: the whole message is the keyword; Contains: the message contains it.', '全匹配：整条消息等于关键词；半匹配：消息包含关键词。'),
      'wxm_keywordmatch',
    ),
    int(
      'wxm_Priority',
      label('Priority', '优先级'),
      label('When several rules match, the highest priority answers (then the newest rule).', '多条规则匹配时，优先级最高的规则回复（其次为最新的规则）。'),
      0,
      1000,
    ),
    text(
      'wxm_MenuKey',
      label('Menu Key', '菜单 KEY'),
      label('Menu click rules: the key of the click button (at most 128 bytes).', '菜单点击规则：点击按钮的 key（最多 128 字节）。'),
      128,
    ),
    lookup(
      'wxm_QrCodeId',
      label('Only From QR Channel', '仅限二维码渠道'),
      label('Follow rules: answer only followers who came through this QR code.', '关注规则：仅回复通过此二维码关注的粉丝。'),
      { table: 'wxm_qrcode', relationship: 'wxm_qrcode_wxm_autoreply', cascadeDelete: 'RemoveLink' },
    ),
    choice(
      'wxm_ReplyType',
      label('Reply Type', '回复类型'),
      label('Text, image, news or a mini program card.', '文字、图片、图文或小程序卡片。'),
      'wxm_autoreplytype',
      {
        required: 'required',
      },
    ),
    memo(
      'wxm_ReplyText',
      label('Reply Text', '回复文字'),
      label(
        'Text replies: the text, with placeholders {openid}, {account}, {message}, {keyword}, {date}, {time} (see docs/autoreplies.md).',
        '文字回复：回复内容，可用占位符 {openid}、{account}、{message}、{keyword}、{date}、{time}（见 docs/autoreplies.md）。',
      ),
      2048,
    ),
    text(
      'wxm_MediaId',
      label('Media ID', '素材 ID'),
      label(
        'Image replies: the permanent image media_id; mini program cards: the thumbnail media_id.',
        '图片回复：永久图片素材 media_id；小程序卡片：封面图 media_id。',
      ),
      128,
    ),
    memo(
      'wxm_NewsJson',
      label('News Articles (JSON)', '图文（JSON）'),
      label(
        'News replies: one article as JSON [{"title", "description", "picurl", "url"}] (WeChat shows one).',
        '图文回复：一篇图文的 JSON [{"title", "description", "picurl", "url"}]（微信只显示一篇）。',
      ),
      8000,
    ),
    text(
      'wxm_MiniProgramAppId',
      label('Mini Program AppID', '小程序 AppID'),
      label('Mini program cards: the linked mini program.', '小程序卡片：已关联的小程序。'),
      64,
    ),
    text(
      'wxm_MiniProgramPagePath',
      label('Mini Program Page', '小程序页面'),
      label('Mini program cards: the page to open.', '小程序卡片：打开的页面路径。'),
      1024,
    ),
    text('wxm_MiniProgramTitle', label('Card Title', '卡片标题'), label('Mini program cards: the title shown.', '小程序卡片：显示的标题。'), 64),
    int(
      'wxm_DefaultPeriodMinutes',
      label('Default Reply At Most Every (Minutes)', '默认回复间隔（分钟）'),
      label(
        'Default rules: answer a follower at most once per this many minutes (0: every message).',
        '默认规则：每位粉丝在此分钟数内最多回复一次（0：每条消息）。',
      ),
      0,
      525600,
    ),
    bool(
      'wxm_Imported',
      label('Imported From MP Console', '从公众平台导入'),
      label('Copied from the auto replies set in the MP console at authorization.', '授权时从公众平台后台的自动回复复制。'),
      { yes: label('Imported', '已导入'), no: label('Made Here', '在此创建'), defaultValue: false },
    ),
    choice('wxm_State', label('Rule State', '规则状态'), label('Whether the relay answers with the rule.', '中继是否使用此规则回复。'), 'wxm_autoreplystate'),
    memo(
      'wxm_FailureReason',
      label('Refusal Reason', '拒绝原因'),
      label('Why the rule was refused (English, then Chinese).', '规则被拒绝的原因（英文，其后中文）。'),
      4000,
    ),
  ],
  keys: [],
};

export default autoreply;

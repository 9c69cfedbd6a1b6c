/**
 * A template message template (模板消息模板) of an official account, as WeChat holds it: synced from
 * get_all_private_template, or added from the category library (a row saved with a short id and keyword names:
 * the relay calls api_add_template and writes the template id, content and fields back). Deleting the row deletes
 * the template in WeChat (del_private_template). WeChat's template id is unique per account (alternate key).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { choice, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const template: TableDef = {
  schemaName: 'wxm_Template',
  entitySetName: 'wxm_templates',
  displayName: label('WeChat Template', '微信模板'),
  pluralName: label('WeChat Templates', '微信模板'),
  description: label(
    'A template message template of an official account, synced from WeChat or added from the category library.',
    '公众号的模板消息模板：从微信同步，或从类目模板库添加。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  primaryName: text('wxm_Name', label('Title', '标题'), label("The template's title, as WeChat shows it.", '模板标题，与微信中显示的一致。'), 200, {
    required: 'required',
  }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label(
        'The official account the template belongs to (a template id works only for its own account).',
        '模板所属的公众号（模板 ID 只能用于其所属公众号）。',
      ),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_template', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    text('wxm_WechatTemplateId', label('Template ID', '模板 ID'), label("WeChat's template_id.", '微信的 template_id。'), 100),
    text(
      'wxm_ShortId',
      label('Library Short ID', '模板库编号'),
      label(
        'To add a template from the category library: its short id (template_id_short), e.g. OPENTM207498902.',
        '从类目模板库添加模板时：模板编号（template_id_short），例如 OPENTM207498902。',
      ),
      100,
    ),
    memo(
      'wxm_KeywordNames',
      label('Keyword Names', '关键词名称'),
      label(
        'To add from the library: the keywords to use, one per line, in order (e.g. 订单号).',
        '从模板库添加时：使用的关键词名称，每行一个，按顺序（例如“订单号”）。',
      ),
      2000,
    ),
    memo(
      'wxm_Fields',
      label('Fields', '字段'),
      label(
        'The fields parsed from the content, as JSON: [{"key":"thing1","label":"商品名称"}].',
        '从模板内容解析出的字段（JSON）：[{"key":"thing1","label":"商品名称"}]。',
      ),
      4000,
    ),
    memo('wxm_Content', label('Content', '内容'), label("The template's content, with {{key.DATA}} placeholders.", '模板内容，含 {{key.DATA}} 占位符。'), 4000),
    memo('wxm_Example', label('Example', '示例'), label("WeChat's example of a filled message.", '微信提供的示例。'), 4000),
    text('wxm_PrimaryIndustry', label('Primary Industry', '一级行业'), label("The template's primary industry.", '模板所属一级行业。'), 100),
    text('wxm_DeputyIndustry', label('Deputy Industry', '二级行业'), label("The template's deputy industry.", '模板所属二级行业。'), 100),
    choice('wxm_State', label('Sync State', '同步状态'), label('Whether WeChat has the template.', '微信中是否已有此模板。'), 'wxm_rowsyncstate'),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why the template was not added or deleted (English, then Chinese).', '模板未添加或未删除的原因（英文，其后中文）。'),
      2000,
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_template_account_templateid',
      displayName: label('Account and Template ID', '公众号与模板 ID'),
      columns: ['wxm_officialaccountid', 'wxm_wechattemplateid'],
    },
  ],
};

export default template;

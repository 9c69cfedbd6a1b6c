/**
 * One template message (模板消息) to one follower: created from a record (the composer, a view's bulk action, Power
 * Automate or any integration), sent once by the relay after the 2023-05-04 rules are checked, and updated with
 * WeChat's msgid and the TEMPLATESENDJOBFINISH status. The recipient is a follower, or a contact, lead or user
 * bound to one (wxm_binding).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { choice, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const person = (schemaName: string, table: string, en: string, zh: string) =>
  lookup(schemaName, label(en, zh), label(`Send to the follower bound to this ${en.toLowerCase()}.`, `发送给与此${zh}绑定的粉丝。`), {
    table,
    relationship: `wxm_${table}_wxm_templatemessage`,
    cascadeDelete: 'RemoveLink',
  });

const templateMessage: TableDef = {
  schemaName: 'wxm_TemplateMessage',
  entitySetName: 'wxm_templatemessages',
  displayName: label('WeChat Template Message', '微信模板消息'),
  pluralName: label('WeChat Template Messages', '微信模板消息'),
  description: label('A template message to one follower, with what WeChat answered and reported.', '发给一位粉丝的模板消息，以及微信的应答与推送结果。'),
  ownership: 'UserOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  primaryName: text(
    'wxm_Name',
    label('Name', '名称'),
    label('What the message is about, e.g. "Case 00012 resolved".', '消息的主题，例如“案例 00012 已解决”。'),
    200,
    {
      required: 'required',
    },
  ),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label("The account that sends (the template's account when empty).", '发送消息的公众号（为空时取模板所属公众号）。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_templatemessage', cascadeDelete: 'Cascade' },
    ),
    // RemoveLink: a template deleted (in WeChat too) leaves its sent messages readable, with their values and outcome.
    lookup(
      'wxm_TemplateId',
      label('Template', '模板'),
      label('The template of the message.', '消息使用的模板。'),
      { table: 'wxm_template', relationship: 'wxm_template_wxm_templatemessage', cascadeDelete: 'RemoveLink' },
      { required: 'required' },
    ),
    lookup('wxm_FollowerId', label('Follower', '粉丝'), label('Who receives the message.', '消息的接收者。'), {
      table: 'wxm_follower',
      relationship: 'wxm_follower_wxm_templatemessage',
      cascadeDelete: 'Cascade',
    }),
    person('wxm_ContactId', 'contact', 'Contact', '联系人'),
    person('wxm_LeadId', 'lead', 'Lead', '潜在顾客'),
    person('wxm_SystemUserId', 'systemuser', 'User', '用户'),
    memo(
      'wxm_Values',
      label('Values', '字段内容'),
      label(
        'The value of each field, as JSON: {"thing1":"…"}; each at most 20 characters, one line, no emoji.',
        '各字段的内容（JSON）：{"thing1":"…"}；每项最多 20 个字符、单行、无表情。',
      ),
      4000,
    ),
    text(
      'wxm_Url',
      label('Link', '跳转链接'),
      label('The page the message opens, e.g. the Dynamics record it is about.', '消息打开的网页，例如相关的 Dynamics 记录。'),
      1000,
      {
        format: 'url',
      },
    ),
    text(
      'wxm_MiniProgramAppId',
      label('Mini Program AppID', '小程序 AppID'),
      label('Open a mini program page instead of the link.', '改为打开小程序页面。'),
      32,
    ),
    text(
      'wxm_MiniProgramPagePath',
      label('Mini Program Page', '小程序页面'),
      label('The page path, e.g. pages/order?id=1.', '页面路径，例如 pages/order?id=1。'),
      500,
    ),
    text(
      'wxm_Regarding',
      label('Regarding', '关于'),
      label('The record the message is about: table logical name and id, e.g. incident:<id>.', '消息相关的记录：表逻辑名与 ID，例如 incident:<id>。'),
      200,
    ),
    choice(
      'wxm_DeliveryStatus',
      label('Delivery Status', '投递状态'),
      label('Pending, Sending, Sent, Delivered or Failed.', '待发送、发送中、已发送、已送达或失败。'),
      'wxm_deliverystatus',
    ),
    text('wxm_WechatMsgId', label('WeChat Msg ID', '微信消息 ID'), label("WeChat's msgid for the send.", '微信返回的 msgid。'), 40),
    text(
      'wxm_SentReason',
      label('WeChat Status', '微信推送状态'),
      label(
        'The Status WeChat reported (TEMPLATESENDJOBFINISH): success, failed:user block, failed: system failed.',
        '微信推送的状态（TEMPLATESENDJOBFINISH）：success、failed:user block、failed: system failed。',
      ),
      100,
    ),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why the message was not sent or not delivered (English, then Chinese).', '消息未发送或未送达的原因（英文，其后中文）。'),
      4000,
    ),
  ],
  keys: [],
};

export default templateMessage;

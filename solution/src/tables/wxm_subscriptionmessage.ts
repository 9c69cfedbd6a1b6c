/**
 * One subscription notification (Official Account, bizsend) or subscribe message (Mini Program, subscribe/send) to one
 * follower. Creating the row sends it: the relay re-reads it, checks the follower's consent and the values against
 * WeChat's rules, sends once and writes the outcome; subscribe_msg_sent_event confirms delivery later. A row for a
 * contact, lead or user instead (no follower) becomes one row per follower of the template's account bound to them
 * (wxm_binding) whose consent is Accepted; this row then says who was left out and why.
 */
import { choice, dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const person = (schemaName: string, table: string, en: string, zh: string) =>
  lookup(
    schemaName,
    label(en, zh),
    label(`Send to every follower bound to this ${en.toLowerCase()} who accepted the template.`, `发送给与此${zh}绑定且已同意该模板的每位粉丝。`),
    { table, relationship: `wxm_${table}_wxm_subscriptionmessage`, cascadeDelete: 'RemoveLink' },
  );

const subscriptionMessage: TableDef = {
  schemaName: 'wxm_SubscriptionMessage',
  entitySetName: 'wxm_subscriptionmessages',
  displayName: label('Subscription Message', '订阅消息'),
  pluralName: label('Subscription Messages', '订阅消息'),
  description: label('A subscription notification or subscribe message to one follower.', '发给一位粉丝的订阅通知或订阅消息。'),
  ownership: 'UserOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('What the message is about.', '消息的主题。'), 200, { required: 'required' }),
  columns: [
    lookup('wxm_OfficialAccountId', label('Account', '账号'), label('Filled from the template when empty.', '为空时按模板填写。'), {
      table: 'wxm_officialaccount',
      relationship: 'wxm_officialaccount_wxm_subscriptionmessage',
      cascadeDelete: 'Cascade',
    }),
    lookup(
      'wxm_SubscriptionTemplateId',
      label('Template', '模板'),
      label('The subscription template to send.', '要发送的订阅模板。'),
      { table: 'wxm_subscriptiontemplate', relationship: 'wxm_subscriptiontemplate_wxm_subscriptionmessage', cascadeDelete: 'RemoveLink' },
      { required: 'required' },
    ),
    lookup(
      'wxm_FollowerId',
      label('Follower', '粉丝'),
      label(
        'Who receives it (they must have accepted the template); or choose a contact, lead or user.',
        '接收者（须已同意该模板）；或选择联系人、潜在顾客或用户。',
      ),
      { table: 'wxm_follower', relationship: 'wxm_follower_wxm_subscriptionmessage', cascadeDelete: 'Cascade' },
    ),
    person('wxm_ContactId', 'contact', 'Contact', '联系人'),
    person('wxm_LeadId', 'lead', 'Lead', '潜在顾客'),
    person('wxm_SystemUserId', 'systemuser', 'User', '用户'),
    memo(
      'wxm_Values',
      label('Values', '字段值'),
      label('The value of each field as JSON: {"thing1": "高等数学", "time2": "15:00"}.', '各字段的值（JSON）：{"thing1": "高等数学", "time2": "15:00"}。'),
      10000,
    ),
    text(
      'wxm_Page',
      label('Opens', '跳转'),
      label(
        'Official Account: a web page URL; Mini Program: a page path such as pages/order/detail?id=1.',
        '公众号：网页地址；小程序：页面路径，例如 pages/order/detail?id=1。',
      ),
      1000,
    ),
    text(
      'wxm_MiniProgramAppId',
      label('Mini Program AppID', '小程序 AppID'),
      label('Official Account notifications: open this Mini Program instead of a web page.', '公众号订阅通知：跳转到此小程序而非网页。'),
      32,
    ),
    text('wxm_MiniProgramPagePath', label('Mini Program Page', '小程序页面'), label('The page of that Mini Program.', '该小程序的页面。'), 1000),
    choice(
      'wxm_MiniProgramState',
      label('Mini Program Version', '小程序版本'),
      label('Mini Program messages: the version it opens (released when empty).', '小程序订阅消息：跳转的版本（为空时为正式版）。'),
      'wxm_miniprogramstate',
    ),
    text(
      'wxm_Lang',
      label('Language', '语言'),
      label('Mini Program messages: zh_CN, en_US, zh_HK or zh_TW.', '小程序订阅消息：zh_CN、en_US、zh_HK 或 zh_TW。'),
      10,
    ),
    text('wxm_Regarding', label('Regarding', '关于'), label('The record it is about: table name and id.', '消息涉及的记录：表名与 ID。'), 200),
    choice(
      'wxm_DeliveryStatus',
      label('Delivery Status', '投递状态'),
      label('Pending, Sending, Sent or Failed.', '待发送、发送中、已发送或失败。'),
      'wxm_deliverystatus',
    ),
    text('wxm_WechatMsgId', label('WeChat Message ID', '微信消息 ID'), label('The msgid WeChat answered.', '微信返回的 msgid。'), 64),
    dateTime('wxm_SentOn', label('Sent On', '发送时间'), label('When WeChat accepted it.', '微信接受发送的时间。')),
    text(
      'wxm_SentReason',
      label('Receipt', '回执'),
      label("WeChat's receipt (subscribe_msg_sent_event ErrorStatus).", '微信回执（subscribe_msg_sent_event 的 ErrorStatus）。'),
      200,
    ),
    int('wxm_ErrorCode', label('Error Code', '错误码'), label("WeChat's error code, 0 when delivered.", '微信错误码，送达时为 0。'), -2147483648, 2147483647),
    dateTime('wxm_ConfirmedOn', label('Receipt On', '回执时间'), label('When WeChat reported the delivery.', '微信报告投递结果的时间。')),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why it was not sent (English, then Chinese).', '未发送的原因（英文，其后中文）。'),
      2000,
    ),
  ],
  keys: [],
};

export default subscriptionMessage;

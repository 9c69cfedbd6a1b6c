/**
 * A user's consent to one subscription template: accepted or rejected, when, and where (the popup's scene). Written by
 * the relay from WeChat's events (subscribe_msg_popup_event, subscribe_msg_change_event) and from a send WeChat refused
 * with 43101; a Mini Program's own backend may write it too (after requestSubscribeMessage). One row per follower and
 * template (alternate key).
 */
import { choice, dateTime, int, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const subscriptionConsent: TableDef = {
  schemaName: 'wxm_SubscriptionConsent',
  entitySetName: 'wxm_subscriptionconsents',
  displayName: label('Subscription Consent', '订阅授权'),
  pluralName: label('Subscription Consents', '订阅授权'),
  description: label("A follower's consent to receive one subscription template.", '粉丝对某一订阅模板的接收授权。'),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('Follower and template.', '粉丝与模板。'), 200),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Account', '账号'),
      label('The Official Account or Mini Program.', '公众号或小程序。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_subscriptionconsent', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    lookup(
      'wxm_FollowerId',
      label('Follower', '粉丝'),
      label('The user who answered.', '作出选择的用户。'),
      { table: 'wxm_follower', relationship: 'wxm_follower_wxm_subscriptionconsent', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    lookup('wxm_SubscriptionTemplateId', label('Template', '模板'), label('The template, when it is in Dynamics.', '模板（已在 Dynamics 中时）。'), {
      table: 'wxm_subscriptiontemplate',
      relationship: 'wxm_subscriptiontemplate_wxm_subscriptionconsent',
      cascadeDelete: 'RemoveLink',
    }),
    text(
      'wxm_WechatTemplateId',
      label('WeChat Template ID', '微信模板 ID'),
      label('The template_id the consent is for, as WeChat reported it.', '授权对应的模板 ID（微信回传）。'),
      100,
      { required: 'required' },
    ),
    choice('wxm_ConsentStatus', label('Consent', '订阅状态'), label('Accepted or rejected.', '已同意或已拒绝。'), 'wxm_consentstatus'),
    dateTime('wxm_ConsentedOn', label('Answered On', '选择时间'), label('When the user accepted or rejected.', '用户同意或拒绝的时间。')),
    choice('wxm_PopupScene', label('Popup Scene', '订阅场景'), label('Where the user answered the popup.', '用户响应订阅弹窗的位置。'), 'wxm_popupscene'),
    choice('wxm_ConsentSource', label('Source', '来源'), label('What recorded the consent.', '订阅状态的来源。'), 'wxm_consentsource'),
    int(
      'wxm_Remaining',
      label('Messages Left', '剩余可发送数'),
      label('Mini Programs: one message per accept; sends use them up.', '小程序：每次同意可发送一条；发送后减少。'),
      0,
      2147483647,
    ),
    text(
      'wxm_LastEvent',
      label('Last Event', '最近事件'),
      label('The last event applied (event and time), so a repeated event changes nothing.', '最近处理的事件（事件与时间），重复事件不会重复计数。'),
      100,
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_subscriptionconsent_follower_template',
      displayName: label('Follower and Template ID', '粉丝与模板 ID'),
      columns: ['wxm_followerid', 'wxm_wechattemplateid'],
    },
  ],
};

export default subscriptionConsent;

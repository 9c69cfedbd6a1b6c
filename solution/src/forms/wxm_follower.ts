/** The follower form: who it is, how they followed, and the conversation with them. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_follower_main',
    type: 'main',
    name: label('Follower', '粉丝'),
    description: label('A follower and the conversation with them.', '粉丝及与其的会话。'),
    header: ['wxm_officialaccountid', 'wxm_subscribed', 'wxm_lastinteractionon'],
    // "Template message": opens the template composer (webresources/src/pages/composer) for this follower.
    libraries: ['wxm_/pages/composerbutton.js'],
    events: [{ event: 'onload', handlers: [{ library: 'wxm_/pages/composerbutton.js', functionName: 'WechatMarketing.Composer.onLoad' }] }],
    tabs: [
      {
        id: 'conversation',
        label: label('Conversation', '会话'),
        sections: [
          {
            id: 'conversation',
            label: label('Conversation', '会话'),
            // The ConversationView PCF control (pcf-controls/ConversationView) on the name column: the name is the
            // record's title already, and the control shows it as "Conversation with <name>".
            cells: [{ column: 'wxm_name', customControl: 'wxm_Wechat.ConversationView', rowSpan: 16 }],
          },
        ],
      },
      {
        id: 'details',
        label: label('Details', '详细信息'),
        sections: [
          {
            id: 'follower',
            label: label('Follower', '粉丝'),
            cells: ['wxm_remark', 'wxm_contactid', 'wxm_officialaccountid', 'wxm_openid', 'wxm_unionid', 'wxm_language', 'wxm_tags'],
          },
          {
            id: 'subscription',
            label: label('Subscription', '关注'),
            cells: [
              'wxm_subscribed',
              'wxm_subscribedon',
              'wxm_unsubscribedon',
              'wxm_templateblocked',
              'wxm_subscribescene',
              'wxm_qrscene',
              'wxm_lastinteractionon',
              'ownerid',
            ],
          },
          {
            // Scan attribution and referrals (qrcodes): written by the relay from follows and scans of the account's codes.
            id: 'channels',
            label: label('Channels and Referrals', '渠道与推荐'),
            cells: [
              { column: 'wxm_sourceqrcodeid', readOnly: true },
              { column: 'wxm_latestchannelid', readOnly: true },
              { column: 'wxm_referredbyid', readOnly: true },
              { column: 'wxm_referrals', readOnly: true },
              { column: 'wxm_referralsfollowing', readOnly: true },
              { column: 'wxm_referralgoalreachedon', readOnly: true },
            ],
          },
          {
            // Tags (N:N wxm_follower_wxm_tag): adding or removing one here tags or untags the follower in WeChat.
            id: 'tags',
            label: label('WeChat Tags', '微信标签'),
            cells: [
              {
                subgrid: {
                  id: 'follower_tags',
                  label: label('WeChat Tags', '微信标签'),
                  table: 'wxm_tag',
                  relationship: 'wxm_follower_wxm_tag',
                  view: 'wxm_tag_associated',
                  rows: 6,
                },
              },
            ],
          },
          {
            // Every message as rows too, for sorting, filtering and bulk actions.
            id: 'messages',
            label: label('Messages', '消息'),
            cells: [
              {
                subgrid: {
                  id: 'conversation',
                  label: label('Messages', '消息'),
                  table: 'wxm_message',
                  relationship: 'wxm_follower_wxm_message',
                  view: 'wxm_message_associated',
                  rows: 12,
                },
              },
            ],
          },
        ],
      },
      {
        // Who this follower is bound to (binding part): an admin deletes a binding from this sub-grid.
        id: 'bindings',
        label: label('Bindings', '绑定关系'),
        sections: [
          {
            id: 'bindings',
            label: label('Bound People', '已绑定的人员'),
            cells: [
              {
                subgrid: {
                  id: 'follower_bindings',
                  label: label('Bindings', '绑定关系'),
                  table: 'wxm_binding',
                  relationship: 'wxm_follower_wxm_binding',
                  view: 'wxm_binding_associated',
                  rows: 5,
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

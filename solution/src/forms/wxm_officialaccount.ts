/**
 * The account form: who the account is, whether it works, and its followers and messages. Its script
 * (webresources/src/forms/officialaccount) explains status, permissions, verification and delivery errors.
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_officialaccount_main',
    type: 'main',
    name: label('Official Account', '公众号'),
    description: label('Status, permissions and conversations of an Official Account.', '公众号的状态、权限与会话。'),
    header: ['wxm_accountstatus', 'wxm_accounttype', 'wxm_authorizedon'],
    libraries: ['wxm_/forms/officialaccount.js'],
    events: [{ event: 'onload', handlers: [{ library: 'wxm_/forms/officialaccount.js', functionName: 'WechatMarketing.OfficialAccount.onLoad' }] }],
    tabs: [
      {
        id: 'overview',
        label: label('Overview', '概览'),
        sections: [
          {
            id: 'account',
            label: label('Account', '账号'),
            cells: ['wxm_name', 'wxm_appid', 'wxm_originalid', 'wxm_principalname', 'wxm_accounttype', 'wxm_verificationtype'],
          },
          {
            id: 'status',
            label: label('Status', '状态'),
            cells: [
              'wxm_accountstatus',
              'wxm_authorizedon',
              'wxm_permissions',
              'wxm_missingpermissions',
              'wxm_lastdeliveryerroron',
              { column: 'wxm_lastdeliveryerror', rowSpan: 3 },
            ],
          },
          // [account] Today's API quota and the reset counter (the script, forms/officialaccount/quota.ts, renders the
          // report and offers Check quota and Reset quota on these controls).
          {
            id: 'quota',
            label: label('API Quota', '接口配额'),
            cells: [
              { column: 'wxm_quotacheckedon', readOnly: true },
              { column: 'wxm_quotareport', readOnly: true, rowSpan: 4 },
              { column: 'wxm_quotaresetsthismonth', readOnly: true },
              { column: 'wxm_quotaresetmonth', readOnly: true },
              { column: 'wxm_quotaresetresult', readOnly: true },
            ],
          },
        ],
      },
      {
        id: 'followers',
        label: label('Followers', '粉丝'),
        sections: [
          // [followers] The sync's progress and last error (the script, forms/officialaccount/sync.ts, explains them).
          {
            id: 'followersync',
            label: label('Follower Sync', '粉丝同步'),
            cells: [
              { column: 'wxm_syncstate', readOnly: true },
              { column: 'wxm_syncrequestedon', readOnly: true },
              { column: 'wxm_syncedfollowers', readOnly: true },
              { column: 'wxm_totalfollowers', readOnly: true },
              { column: 'wxm_syncstartedon', readOnly: true },
              { column: 'wxm_synccompletedon', readOnly: true },
              { column: 'wxm_syncresumeon', readOnly: true },
              { column: 'wxm_synclasterror', readOnly: true },
            ],
          },
          {
            id: 'followers',
            label: label('Followers', '粉丝'),
            cells: [
              {
                subgrid: {
                  id: 'followers',
                  label: label('Followers', '粉丝'),
                  table: 'wxm_follower',
                  relationship: 'wxm_officialaccount_wxm_follower',
                  view: 'wxm_follower_associated',
                },
              },
            ],
          },
        ],
      },
      {
        id: 'messages',
        label: label('Messages', '消息'),
        sections: [
          {
            id: 'messages',
            label: label('Messages', '消息'),
            cells: [
              {
                subgrid: {
                  id: 'messages',
                  label: label('Messages', '消息'),
                  table: 'wxm_message',
                  relationship: 'wxm_officialaccount_wxm_message',
                  view: 'wxm_message_associated',
                },
              },
            ],
          },
        ],
      },
      // [templates] Template message templates: Sync templates (set the request column to now; the relay answers in
      // the result) and the account's templates.
      {
        id: 'templates',
        label: label('Templates', '模板'),
        sections: [
          {
            id: 'templatesync',
            label: label('Template Sync', '模板同步'),
            cells: [
              { column: 'wxm_templatesyncrequestedon' },
              { column: 'wxm_templatesyncdoneon', readOnly: true },
              { column: 'wxm_templatesyncresult', readOnly: true },
            ],
          },
          {
            id: 'templates',
            label: label('Templates', '模板'),
            cells: [
              {
                subgrid: {
                  id: 'templates',
                  label: label('Templates', '模板'),
                  table: 'wxm_template',
                  relationship: 'wxm_officialaccount_wxm_template',
                  view: 'wxm_template_associated',
                },
              },
            ],
          },
        ],
      },
      {
        id: 'removal',
        label: label('Remove Account', '移除公众号'),
        sections: [
          {
            id: 'removal',
            label: label('Remove Account', '移除公众号'),
            cells: [
              { column: 'wxm_removedata' },
              { column: 'wxm_removalrequestedon', readOnly: true },
              { column: 'wxm_removaldoneon', readOnly: true },
              { column: 'wxm_removalstate', readOnly: true, rowSpan: 2 },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;

/**
 * A binding says "this follower is that person": a Contact or Lead (a customer's WeChat) or a system user (an
 * employee's WeChat, for notifications). The relay writes it when the follower proves possession of the WeChat
 * account (scanning a single-use binding QR code, or web authorization); an admin sees and removes bindings.
 * `wxm_Source` names the proof (`qr:<code id>` or `oauth:<state id>`) and is the alternate key: a redelivered
 * scan or a second landing of the same authorization writes nothing.
 */
import { choice, dateTime, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const binding: TableDef = {
  schemaName: 'wxm_Binding',
  entitySetName: 'wxm_bindings',
  displayName: label('WeChat Binding', '微信绑定'),
  pluralName: label('WeChat Bindings', '微信绑定'),
  description: label(
    'Links a follower to the contact, lead or user who proved they own that WeChat account.',
    '将粉丝关联到已证明拥有该微信账号的联系人、潜在顾客或用户。',
  ),
  // User-owned: the relay gives each binding to whoever made its code (an employee's own, a salesperson's customer),
  // so an operator removes the bindings they own (Delete at Basic) and no one else's.
  ownership: 'UserOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('Who is bound to which follower.', '哪位人员绑定了哪个粉丝。'), 200, { required: 'required' }),
  columns: [
    lookup(
      'wxm_FollowerId',
      label('Follower', '粉丝'),
      label('The WeChat follower who proved possession.', '证明拥有该微信账号的粉丝。'),
      { table: 'wxm_follower', relationship: 'wxm_follower_wxm_binding', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    lookup('wxm_ContactId', label('Contact', '联系人'), label('The customer bound to the follower.', '与粉丝绑定的客户。'), {
      table: 'contact',
      relationship: 'wxm_contact_wxm_binding',
      cascadeDelete: 'Cascade',
    }),
    lookup('wxm_LeadId', label('Lead', '潜在顾客'), label('The lead bound to the follower.', '与粉丝绑定的潜在顾客。'), {
      table: 'lead',
      relationship: 'wxm_lead_wxm_binding',
      cascadeDelete: 'Cascade',
    }),
    lookup('wxm_SystemUserId', label('User', '用户'), label('The employee bound to the follower (for notifications).', '与粉丝绑定的员工（用于通知）。'), {
      table: 'systemuser',
      relationship: 'wxm_systemuser_wxm_binding',
      cascadeDelete: 'Cascade',
    }),
    dateTime('wxm_BoundOn', label('Bound On', '绑定时间'), label('When the follower proved possession.', '粉丝完成验证的时间。')),
    choice('wxm_Method', label('Method', '方式'), label('How the follower proved possession.', '粉丝完成验证的方式。'), 'wxm_bindingmethod'),
    // qr:<wxm_qrcode id> or oauth:<state id>: one proof binds once.
    text(
      'wxm_Source',
      label('Proof', '凭据'),
      label('The binding code or web authorization that made this binding.', '生成此绑定的绑定二维码或网页授权。'),
      100,
      {
        required: 'required',
      },
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_binding_source',
      displayName: label('Proof', '凭据'),
      columns: ['wxm_source'],
    },
  ],
};

export default binding;

/**
 * Administrators run the area: they authorize accounts (Start To Use), register and revoke signed
 * services, and manage followers and messages. Depths are explained in solution/README.md.
 */
import { label } from '../dsl/labels.js';
import type { RoleDef } from '../dsl/types-components.js';
import { present } from '../dsl/present.js';

const administrator: RoleDef = {
  id: 'wxm_role_administrator',
  name: 'Wechat Marketing Administrator',
  description: label(
    'Everything in the Wechat Marketing area: accounts, signed services, followers and messages.',
    '微信营销区域的全部权限：公众号、已注册的服务、粉丝与消息。',
  ),
  tables: present(
    [
      { table: 'wxm_officialaccount', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_signedservice', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      {
        table: 'wxm_follower',
        create: 'Global',
        read: 'Global',
        write: 'Global',
        delete: 'Global',
        append: 'Global',
        appendTo: 'Global',
        assign: 'Global',
        share: 'Global',
      },
      {
        table: 'wxm_message',
        create: 'Global',
        read: 'Global',
        write: 'Global',
        delete: 'Global',
        append: 'Global',
        appendTo: 'Global',
        assign: 'Global',
        share: 'Global',
      },
      // Tags, channel and referral codes, referral programs, bindings (see and remove) and the daily statistics.
      { table: 'wxm_tag', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_qrcode', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_referralprogram', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_binding', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_dailystat', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Subscription notifications: templates from the library, consents (see, correct), every message.
      { table: 'wxm_subscriptiontemplate', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_subscriptionconsent', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_subscriptionmessage', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Template messages: administrators manage the catalogue (sync, add from the library, delete) and every message.
      { table: 'wxm_template', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_templatemessage', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Menus: design, publish and import (relay/menus).
      { table: 'wxm_menu', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Auto replies: the rules the relay answers with (relay/autoreplies).
      { table: 'wxm_autoreply', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Materials: files uploaded to WeChat from notes (relay/materials).
      { table: 'wxm_material', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Broadcasts: administrators run mass sends and active pushes, and read each WeChat call (relay/broadcasts).
      { table: 'wxm_broadcast', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_broadcastsend', read: 'Global' },
    ],
    (p) => p.table,
  ),
  other: [
    // A binding or QR code points at an employee: find the user and append to them.
    { privilege: 'prvReadUser', depth: 'Global' },
    { privilege: 'prvAppendToUser', depth: 'Global' },
    // Linking a follower to a contact needs to find the contact and append to it.
    { privilege: 'prvReadContact', depth: 'Global' },
    { privilege: 'prvAppendToContact', depth: 'Global' },
    // Binding codes for leads (the Bind WeChat page) point at the lead.
    { privilege: 'prvReadLead', depth: 'Global' },
    { privilege: 'prvAppendToLead', depth: 'Global' },
    // Media notes: read all, add their own. Not delete: notes of other tables live in the same table.
    { privilege: 'prvReadNote', depth: 'Global' },
    { privilege: 'prvCreateNote', depth: 'Basic' },
    { privilege: 'prvAppendNote', depth: 'Basic' },
    // Start To Use reads the relay URL.
    { privilege: 'prvReadEnvironmentVariableDefinition', depth: 'Global' },
    { privilege: 'prvReadEnvironmentVariableValue', depth: 'Global' },
  ],
};

export default administrator;

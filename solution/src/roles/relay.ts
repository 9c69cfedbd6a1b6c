/**
 * Exactly what the relay's application user needs: write accounts, followers and messages,
 * read and update (status, blank secret) signed services, match followers to contacts, and keep
 * media as notes; mirror tags, codes, bindings and statistics (issue 10). Delete only where rows leave with WeChat
 * or with a removed account, never messages. Of plug-in registration only Read of steps and the bypass privilege: the
 * relay finds its own wxm_message Create step and skips it for the inbound rows it writes itself
 * (MSCRM.BypassBusinessLogicExecutionStepIds). See solution/README.md.
 */
import { label } from '../dsl/labels.js';
import type { RoleDef } from '../dsl/types-components.js';
import { present } from '../dsl/present.js';

const relay: RoleDef = {
  id: 'wxm_role_relay',
  name: 'Wechat Marketing Relay',
  description: label(
    "For the relay's application user only: writes followers and messages and reports status.",
    '仅供中继服务的应用程序用户使用：写入粉丝和消息并报告状态。',
  ),
  tables: present(
    [
      { table: 'wxm_officialaccount', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Read the saved credentials, write status and the bound account; never create or delete.
      { table: 'wxm_signedservice', read: 'Global', write: 'Global', append: 'Global' },
      // Delete: removing an account with its data (issue 10, account lifecycle); unfollowed followers are kept.
      { table: 'wxm_follower', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Global read/write: outbound rows are owned by the operators who created them.
      { table: 'wxm_message', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Issue 10. Delete only where WeChat or the account's removal takes rows away: a tag deleted in the MP console,
      // an account removed with its data (followers, tags, codes, bindings, statistics), a used binding code.
      { table: 'wxm_tag', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_qrcode', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_referralprogram', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Assign: a binding is created owned by whoever made its code (an operator removes their own); Delete: a disabled user's.
      { table: 'wxm_binding', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global', assign: 'Global' },
      { table: 'wxm_dailystat', create: 'Global', read: 'Global', write: 'Global', delete: 'Global', append: 'Global', appendTo: 'Global' },
      // Subscription notifications: writes templates from WeChat, consents from its events, and each message's outcome;
      // a message for a contact, lead or user becomes one message row per bound follower who accepted (create).
      { table: 'wxm_subscriptiontemplate', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_subscriptionconsent', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_subscriptionmessage', create: 'Global', read: 'Global', write: 'Global', append: 'Global' },
      // Template messages: the catalogue is written from WeChat (sync, add, a refused delete puts the row back) and each
      // message's outcome and resolved follower are written back.
      { table: 'wxm_template', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_templatemessage', read: 'Global', write: 'Global', append: 'Global' },
      // Menus: re-reads a published row and writes the outcome; creates the row of the live menu at authorization (relay/menus).
      { table: 'wxm_menu', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Auto replies: reads the rules, writes their state and reason, creates the rules imported from the MP console.
      { table: 'wxm_autoreply', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Materials: re-reads a saved row and its note, writes the media id, URL, expiry and state (relay/materials).
      { table: 'wxm_material', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      // Broadcasts: re-reads a broadcast, writes its estimate, status and results; one send row per WeChat call.
      { table: 'wxm_broadcast', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_broadcastsend', create: 'Global', read: 'Global', write: 'Global', append: 'Global', appendTo: 'Global' },
    ],
    (p) => p.table,
  ),
  other: [
    // Bindings and employee codes point at users: find them and append to them.
    { privilege: 'prvReadUser', depth: 'Global' },
    { privilege: 'prvAppendToUser', depth: 'Global' },
    // Whether a code's creator may make channel and referral codes: the creator's security roles, their own and those of
    // the teams they belong to (systemuserroles, teammembership, teamroles).
    { privilege: 'prvReadRole', depth: 'Global' },
    { privilege: 'prvReadTeam', depth: 'Global' },
    // Finding the contact whose column matches a unionid or openid, and linking the follower to it.
    { privilege: 'prvReadContact', depth: 'Global' },
    { privilege: 'prvAppendToContact', depth: 'Global' },
    // Binding a lead by a scan: the binding code and the wxm_binding row point at the lead.
    { privilege: 'prvReadLead', depth: 'Global' },
    { privilege: 'prvAppendToLead', depth: 'Global' },
    // Audience tags: running the system view an audience names (savedquery; Dataverse calls the privilege prvReadQuery).
    { privilege: 'prvReadQuery', depth: 'Global' },
    // Media notes are created by (and so owned by) the relay; image replies are notes owned by operators.
    { privilege: 'prvCreateNote', depth: 'Basic' },
    { privilege: 'prvReadNote', depth: 'Global' },
    { privilege: 'prvAppendNote', depth: 'Basic' },
    // Inbound messages skip the relay's own wxm_message Create webhook step (functions/src/relay/delivery/own-steps.ts):
    // finding that step's id (sdkmessageprocessingstep, read only) and naming it in MSCRM.BypassBusinessLogicExecutionStepIds,
    // which needs prvBypassCustomBusinessLogic (https://learn.microsoft.com/power-apps/developer/data-platform/bypass-custom-business-logic).
    { privilege: 'prvReadSdkMessageProcessingStep', depth: 'Global' },
    { privilege: 'prvBypassCustomBusinessLogic', depth: 'Global' },
  ],
};

export default relay;

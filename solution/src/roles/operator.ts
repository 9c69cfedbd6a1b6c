/**
 * Operators answer followers: they read accounts, followers and every conversation in the
 * organization, and create outbound messages (which the relay sends). They never see signed
 * services. Depths are explained in solution/README.md.
 */
import { label } from '../dsl/labels.js';
import type { RoleDef } from '../dsl/types-components.js';
import { present } from '../dsl/present.js';

const operator: RoleDef = {
  id: 'wxm_role_operator',
  name: 'Wechat Marketing Operator',
  description: label('Reads followers and conversations and replies to followers.', '查看粉丝与会话并回复粉丝。'),
  tables: present(
    [
      // Organization-owned: Global is the only depth. AppendTo lets a new message point at the account.
      { table: 'wxm_officialaccount', read: 'Global', appendTo: 'Global' },
      // Followers are written by the relay (owner = its application user), so reading them needs Global. Tagging a
      // follower pairs it with a tag (N:N wxm_follower_wxm_tag): Append and AppendTo on both tables.
      { table: 'wxm_follower', read: 'Global', append: 'Global', appendTo: 'Global' },
      { table: 'wxm_tag', read: 'Global', append: 'Global', appendTo: 'Global' },
      // Binding codes (issue 10 item 6): an operator makes them (the Bind WeChat page) and sees only their own, so no one
      // scans a colleague's live code; the relay makes only Binding codes of non-administrators. Programs: look only.
      { table: 'wxm_qrcode', create: 'Basic', read: 'Basic', write: 'Basic', append: 'Basic' },
      { table: 'wxm_referralprogram', read: 'Global' },
      // Everyone's bindings are visible; a binding belongs to whoever made its code, so an operator removes their own
      // WeChat's binding and those of the customers they bound, nobody else's.
      { table: 'wxm_binding', read: 'Global', delete: 'Basic' },
      // The Follower Analytics dashboard.
      { table: 'wxm_dailystat', read: 'Global' },
      // Subscription notifications: operators read templates and consents, and send (one wxm_subscriptionmessage row each).
      { table: 'wxm_subscriptiontemplate', read: 'Global', appendTo: 'Global' },
      { table: 'wxm_subscriptionconsent', read: 'Global' },
      { table: 'wxm_subscriptionmessage', create: 'Basic', read: 'Global', write: 'Basic', append: 'Basic' },
      // Template messages: operators read the account's templates and send (one wxm_templatemessage row each, made by the
      // composer or by hand); the relay writes the outcome back.
      { table: 'wxm_template', read: 'Global', appendTo: 'Global' },
      { table: 'wxm_templatemessage', create: 'Basic', read: 'Global', write: 'Basic', append: 'Basic' },
      // Materials: operators see what was uploaded (a media id to reuse); administrators upload.
      { table: 'wxm_material', read: 'Global' },
      // Everyone on the team sees every conversation; an operator creates and links only their own replies.
      { table: 'wxm_message', create: 'Basic', read: 'Global', append: 'Basic', appendTo: 'Basic' },
    ],
    (p) => p.table,
  ),
  other: [
    // Media of inbound messages is kept as notes owned by the relay; an image reply is a note on the operator's own message.
    { privilege: 'prvReadNote', depth: 'Global' },
    { privilege: 'prvCreateNote', depth: 'Basic' },
    { privilege: 'prvAppendNote', depth: 'Basic' },
    // A binding code of their own WeChat points at their user row (the relay binds a user only by that user's code).
    { privilege: 'prvReadUser', depth: 'Basic' },
    { privilege: 'prvAppendToUser', depth: 'Basic' },
    // Web resources read the wxm_RelayUrl environment variable.
    { privilege: 'prvReadEnvironmentVariableDefinition', depth: 'Global' },
    { privilege: 'prvReadEnvironmentVariableValue', depth: 'Global' },
  ],
};

export default operator;

/**
 * Operators answer followers: they read accounts, followers and every conversation in the
 * organization, and create outbound messages (which the relay sends). They never see signed
 * services. Depths are explained in solution/README.md.
 */
import { label } from '../dsl/labels.js';
import type { RoleDef } from '../dsl/types-components.js';

const operator: RoleDef = {
  id: 'wxm_role_operator',
  name: 'Wechat Marketing Operator',
  description: label('Reads followers and conversations and replies to followers.', '查看粉丝与会话并回复粉丝。'),
  tables: [
    // Organization-owned: Global is the only depth. AppendTo lets a new message point at the account.
    { table: 'wxm_officialaccount', read: 'Global', appendTo: 'Global' },
    // Followers are written by the relay (owner = its application user), so reading them needs Global.
    { table: 'wxm_follower', read: 'Global', appendTo: 'Global' },
    // Everyone on the team sees every conversation; an operator creates and links only their own replies.
    { table: 'wxm_message', create: 'Basic', read: 'Global', append: 'Basic', appendTo: 'Basic' },
  ],
  other: [
    // Media of inbound messages is kept as notes owned by the relay; an image reply is a note on the operator's own message.
    { privilege: 'prvReadNote', depth: 'Global' },
    { privilege: 'prvCreateNote', depth: 'Basic' },
    { privilege: 'prvAppendNote', depth: 'Basic' },
    // Web resources read the wxm_RelayUrl environment variable.
    { privilege: 'prvReadEnvironmentVariableDefinition', depth: 'Global' },
    { privilege: 'prvReadEnvironmentVariableValue', depth: 'Global' },
  ],
};

export default operator;

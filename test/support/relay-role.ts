/**
 * The privileges of the solution's *Wechat Marketing Relay* role, named as the Dataverse emulator checks them
 * (`prv<Create|Read|Write|Delete><logical name>`). End-to-end tests give the relay's application user exactly
 * this role, so they prove the role is enough for everything the relay does.
 */
import relayRole from '../../solution/src/roles/relay.js';

/** Real privilege names of built-in tables → the emulator's logical-name form. */
const BUILT_IN: Record<string, string> = { Note: 'annotation', Contact: 'contact' };

export function relayRolePrivileges(): string[] {
  const names: string[] = [];
  for (const t of relayRole.tables) {
    if (t.create) names.push(`prvCreate${t.table}`);
    if (t.read) names.push(`prvRead${t.table}`);
    if (t.write) names.push(`prvWrite${t.table}`);
    if ('delete' in t && t.delete) names.push(`prvDelete${t.table}`);
  }
  for (const { privilege } of relayRole.other ?? []) {
    const m = /^prv(Create|Read|Write|Delete)(Note|Contact)$/.exec(privilege);
    if (m) names.push(`prv${m[1]}${BUILT_IN[m[2] as string]}`);
  }
  return names;
}

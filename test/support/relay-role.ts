/**
 * The privileges of the solution's *Wechat Marketing Relay* role, named as the Dataverse emulator checks them
 * (`prv<Create|Read|Write|Delete><logical name>`). End-to-end tests give the relay's application user exactly
 * this role, so they prove the role is enough for everything the relay does.
 */
import relayRole from '../../solution/src/roles/relay.js';

/** Real privilege names of built-in tables → the emulator's logical-name form. */
const BUILT_IN: Record<string, string> = { Note: 'annotation', Contact: 'contact', User: 'systemuser', Query: 'savedquery' };

export function relayRolePrivileges(): string[] {
  const names: string[] = [];
  for (const t of relayRole.tables) {
    if (t.create) names.push(`prvCreate${t.table}`);
    if (t.read) names.push(`prvRead${t.table}`);
    if (t.write) names.push(`prvWrite${t.table}`);
    if ('delete' in t && t.delete) names.push(`prvDelete${t.table}`);
  }
  for (const { privilege } of relayRole.other ?? []) {
    // Table privileges in the emulator's logical-name form; the rest (prvBypassCustomBusinessLogic) by name.
    const m = /^prv(Create|Read|Write|Delete|AppendTo|Append|Assign|Share)(.+)$/.exec(privilege);
    names.push(m ? `prv${m[1]}${BUILT_IN[m[2] as string] ?? (m[2] as string).toLowerCase()}` : privilege);
  }
  return names;
}

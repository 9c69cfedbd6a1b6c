/**
 * Which MP console rule a wxm_autoreply row came from, so importing again (on re-authorization) never duplicates a
 * rule: the kind, the match mode and the console's rule name. The follow and default replies are one per account
 * (their fixed names); a keyword rule is one per name and match mode (console-rules.ts splits a rule by mode).
 * Pure.
 */
import { AutoReply } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';

const C = AutoReply.columns;

export function consoleIdentity(row: Row): string {
  const match = typeof row[C.MatchMode] === 'number' ? String(row[C.MatchMode]) : '';
  return `${String(row[C.Kind] ?? '')}|${match}|${String(row[C.Name] ?? '').trim()}`;
}

/** The rows not imported before: neither an imported row with that identity nor one remembered as imported. */
export function notImportedYet(rows: Row[], existing: Row[], remembered: readonly string[]): Row[] {
  const known = new Set([...existing.map(consoleIdentity), ...remembered]);
  return rows.filter((r) => {
    const id = consoleIdentity(r);
    if (known.has(id)) return false;
    known.add(id);
    return true;
  });
}

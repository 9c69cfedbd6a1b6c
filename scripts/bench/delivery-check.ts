/**
 * Exactly once, counted in the org: every expected message row present once under its alternate key (account +
 * wxm_wechatmsgid) and nothing else; one follower row per (account, openid); one note per photo; texts (Chinese,
 * emoji, 4-byte characters) stored exactly as sent.
 */
import { EntitySets, Follower, Message } from '@wxm/solution/schema';
import { lookupValue } from '../../functions/src/relay/delivery/keys.js';
import type { DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import type { ExpectedMessage } from './delivery-traffic.js';

export interface RowCount {
  messages: number;
  followers: number;
  notes: number;
  total: number;
}

export function countRows(dv: DataverseEmulator): RowCount {
  const messages = dv.rows(EntitySets.Message).length;
  const followers = dv.rows(EntitySets.Follower).length;
  const notes = dv.rows('annotations').length;
  return { messages, followers, notes, total: messages + followers + notes };
}

export interface ExactlyOnce {
  ok: boolean;
  rows: RowCount;
  missing: number;
  duplicated: number;
  unexpected: number;
  followerProblems: number;
  noteProblems: number;
  textMismatches: number;
}

/** `accountIds`: appid → wxm_officialaccount id. */
export function checkExactlyOnce(
  dv: DataverseEmulator,
  expected: readonly ExpectedMessage[],
  followers: readonly string[],
  accountIds: Map<string, string>,
): ExactlyOnce {
  const appidOf = new Map([...accountIds].map(([appid, id]) => [id.toLowerCase(), appid]));
  const accountOf = (row: Record<string, unknown>, column: string) => appidOf.get(String(row[lookupValue(column)] ?? '').toLowerCase()) ?? '?';

  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const row of dv.rows(EntitySets.Message)) {
    const key = `${accountOf(row, Message.columns.OfficialAccountId)}|${String(row[Message.columns.WeChatMsgId])}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const wanted = new Map(expected.map((m) => [`${m.appid}|${m.wechatMsgId}`, m]));
  let missing = 0;
  let duplicated = 0;
  let textMismatches = 0;
  for (const [key, m] of wanted) {
    const rows = byKey.get(key) ?? [];
    if (rows.length === 0) missing += 1;
    if (rows.length > 1) duplicated += rows.length - 1;
    if (m.content !== undefined && rows[0] && rows[0][Message.columns.Content] !== m.content) textMismatches += 1;
  }
  const unexpected = [...byKey.keys()].filter((k) => !wanted.has(k)).length;

  const followerRows = new Map<string, number>();
  for (const row of dv.rows(EntitySets.Follower)) {
    const key = `${accountOf(row, Follower.columns.OfficialAccountId)}|${String(row[Follower.columns.OpenId])}`;
    followerRows.set(key, (followerRows.get(key) ?? 0) + 1);
  }
  const followerProblems = followers.filter((f) => followerRows.get(f) !== 1).length + [...followerRows.keys()].filter((k) => !followers.includes(k)).length;

  // Notes regard their message: count them per message row id.
  const messageIdOf = new Map<string, string>();
  for (const [key, rows] of byKey) for (const row of rows) messageIdOf.set(String(row[Message.primaryIdAttribute]).toLowerCase(), key);
  const notesPer = new Map<string, number>();
  for (const note of dv.rows('annotations')) {
    const key = messageIdOf.get(String(note['_objectid_value'] ?? '').toLowerCase()) ?? '?';
    notesPer.set(key, (notesPer.get(key) ?? 0) + 1);
  }
  const noteProblems = expected.filter((m) => (notesPer.get(`${m.appid}|${m.wechatMsgId}`) ?? 0) !== m.notes).length + (notesPer.get('?') ?? 0);

  const rows = countRows(dv);
  const ok = missing === 0 && duplicated === 0 && unexpected === 0 && followerProblems === 0 && noteProblems === 0 && textMismatches === 0;
  return { ok, rows, missing, duplicated, unexpected, followerProblems, noteProblems, textMismatches };
}

export function describeCheck(c: ExactlyOnce): string {
  const head = `${c.rows.messages} messages, ${c.rows.followers} followers, ${c.rows.notes} notes`;
  if (c.ok) return `exactly once: ${head}; every key once, texts identical`;
  return `NOT exactly once: ${head}; missing ${c.missing}, duplicated ${c.duplicated}, unexpected ${c.unexpected}, follower problems ${c.followerProblems}, note problems ${c.noteProblems}, text mismatches ${c.textMismatches}`;
}

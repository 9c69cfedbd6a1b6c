/**
 * A wxm_autoreply row was created, changed or deleted (webhook hint): re-read the account's rules with the org's own
 * application user, check each (rule-row.ts: the rules already active keep their triggers, a newer rule that clashes
 * with one is refused), write each row's state and reason where it changed, compile the active ones into the
 * account's RuleSet and store it (rule-store.ts), where every instance's memory copy picks it up (rule-cache.ts).
 * Values come from the rows, never from the hint. Idempotent: a repeated hint compiles the same set again.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import { AutoReply, AutoReplyState, EntitySets, OfficialAccount, QrCode, VerificationType } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { lookupKey } from '../../dataverse/keys.js';
import type { Logger } from '../ports/logger.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { OrgAccess, OrgDirectory } from '../signed-services/org-of-hint.js';
import { requireGuid } from '../delivery/keys.js';
import type { RuleCache } from './rule-cache.js';
import { compileRow, refusalText, RULE_COLUMNS, triggersOf, type AccountCapabilities } from './rule-row.js';
import type { CompiledRule, RuleSet } from './rule-set.js';
import type { RuleStore } from './rule-store.js';

const C = AutoReply.columns;

export interface AutoReplyDeps {
  orgs: OrgDirectory;
  store: RuleStore;
  /** This instance's memory copy (optional: a worker without callbacks only stores). */
  cache?: RuleCache;
  clock: Clock;
  logger: Logger;
}

export const AUTOREPLY_TABLE: string = AutoReply.logicalName;
export const isAutoReplyHint = (hint: Pick<DataverseHint, 'table'>): boolean => hint.table === AUTOREPLY_TABLE;

export type AutoReplyOutcome = { compiled: number; refused: number } | 'skipped';

export async function onAutoReplyHint(hint: DataverseHint, deps: AutoReplyDeps): Promise<AutoReplyOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('auto-reply hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const accounts = new Set<string>();
  if (hint.message === 'Delete') {
    // The row is gone and names no account any more: compile every account of the org again (a handful).
    for (const row of await access.org.retrieveMultiple(EntitySets.OfficialAccount, { select: [OfficialAccount.columns.Id] }))
      accounts.add(String(row[OfficialAccount.columns.Id]));
  } else {
    const row = await access.org.retrieve(EntitySets.AutoReply, requireGuid('auto reply id', hint.rowId), [lookupKey(C.OfficialAccountId)]);
    const accountId = row?.[lookupKey(C.OfficialAccountId)];
    if (typeof accountId !== 'string') return 'skipped';
    accounts.add(accountId);
  }
  let compiled = 0;
  let refused = 0;
  for (const accountId of accounts) {
    const outcome = await compileAccount(access, accountId, deps);
    if (outcome === 'skipped') continue;
    compiled += outcome.compiled;
    refused += outcome.refused;
  }
  return { compiled, refused };
}

/** Checks and compiles one account's rules, writes the rows' states, stores the set. */
export async function compileAccount(access: OrgAccess, accountId: string, deps: AutoReplyDeps): Promise<AutoReplyOutcome> {
  const { org } = access;
  // Stamped before the rows are read: of two compiles racing, the one that read later wins (rule-store.ts).
  const readAt = deps.clock.now();
  const appid = await access.appidOf(accountId);
  const rows = await org.retrieveMultiple(EntitySets.AutoReply, {
    select: RULE_COLUMNS,
    filter: `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.StateCode} eq 0`,
    orderBy: [`${C.CreatedOn} asc`],
    maxRows: 5000,
  });
  if (!appid) {
    for (const row of rows) await setState(org, row, AutoReplyState.Failed, NOT_CONNECTED);
    return { compiled: 0, refused: rows.length };
  }
  const account = await org.retrieve(EntitySets.OfficialAccount, accountId, [
    OfficialAccount.columns.Name,
    OfficialAccount.columns.Permissions,
    OfficialAccount.columns.VerificationType,
  ]);
  const capabilities: AccountCapabilities = {
    messages: grants(account, 1),
    customerService: account?.[OfficialAccount.columns.VerificationType] !== VerificationType.Unverified,
  };
  const scenes = await scenesOf(org, rows);
  // Rules already active keep their triggers; the others are checked against them in the order they were made.
  const ordered = [...rows.filter((r) => r[C.State] === AutoReplyState.Active), ...rows.filter((r) => r[C.State] !== AutoReplyState.Active)];
  const taken = new Map<string, string>();
  const rules: CompiledRule[] = [];
  let refused = 0;
  for (const row of ordered) {
    const qrScene = scenes.get(String(row[lookupKey(C.QrCodeId)] ?? ''));
    const result = compileRow(row, { ...(qrScene !== undefined && { qrScene }), account: capabilities, others: taken });
    if ('refused' in result) {
      refused++;
      await setState(org, row, AutoReplyState.Failed, refusalText(result.refused));
      continue;
    }
    for (const trigger of triggersOf(row, qrScene)) taken.set(trigger, String(row[C.Name] ?? ''));
    rules.push(result.rule);
    await setState(org, row, AutoReplyState.Active, null);
  }
  // Deactivated rules answer nothing: their state says so (Pending) instead of a stale Active.
  const inactive = await org.retrieveMultiple(EntitySets.AutoReply, {
    select: [C.Id, C.State, C.FailureReason],
    filter: `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${C.StateCode} eq 1 and ${C.State} eq ${AutoReplyState.Active}`,
    maxRows: 5000,
  });
  for (const row of inactive) await setState(org, row, AutoReplyState.Pending, null);
  const set: RuleSet = { v: 1, appid, accountName: String(account?.[OfficialAccount.columns.Name] ?? ''), compiledAt: readAt, rules };
  await deps.store.put(set);
  deps.cache?.hold(set);
  deps.logger.info('auto-reply rules compiled', { authorizerAppid: appid, active: rules.length, refused });
  return { compiled: rules.length, refused };
}

const NOT_CONNECTED =
  'This Official Account is not connected to this environment (Signed Service), so the relay cannot answer for it.\n该公众号未通过“已注册的服务”连接到此环境，中继无法代其回复。';

function grants(account: Row | undefined, set: number): boolean {
  const granted = String(account?.[OfficialAccount.columns.Permissions] ?? '');
  // An account row the relay never filled in (no list at all) is not held against the rule.
  if (!granted.trim()) return true;
  return granted.split(',').some((id) => Number(id.trim()) === set);
}

async function scenesOf(org: DataverseOrg, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r[lookupKey(C.QrCodeId)]).filter((v): v is string => typeof v === 'string'))];
  const scenes = new Map<string, string>();
  for (const id of ids) {
    const code = await org.retrieve(EntitySets.QrCode, id, [QrCode.columns.Scene]);
    const scene = code?.[QrCode.columns.Scene];
    if (typeof scene === 'string' && scene) scenes.set(id, scene);
  }
  return scenes;
}

async function setState(org: DataverseOrg, row: Row, state: number, reason: string | null): Promise<void> {
  if (row[C.State] === state && (row[C.FailureReason] ?? null) === reason) return;
  await org.update(EntitySets.AutoReply, String(row[C.Id]), { [C.State]: state, [C.FailureReason]: reason });
}

/**
 * The MP console's auto replies copied into the org an account is bound to (console-rules.ts), then the account's
 * rules compiled. Runs when the account row is created (a Signed Service connected the account: its Create hint)
 * and again when the account authorizes once more (relay/authorization/refresh-bound.ts queues
 * 'account-authorized-again'): rules added in the MP console meanwhile are imported, rules imported before never
 * again — neither one an imported row still holds (console-identity.ts) nor one imported earlier and deleted or
 * renamed by an admin since (remembered in the shared store). One instance at a time per account (a lease).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html
 */
import { AutoReply, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';
import { lookupKey } from '../../dataverse/keys.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { DataverseHint } from '../webhook/hint.js';
import { accountRef, bind, requireGuid } from '../delivery/keys.js';
import { consoleIdentity, notImportedYet } from './console-identity.js';
import { getConsoleRules, rowsFromConsole } from './console-rules.js';
import { compileAccount, type AutoReplyDeps } from './rule-sync.js';

const C = AutoReply.columns;
const LEASE_MS = 10 * 60_000;
/** Identities remembered per account (a Table property holds 32 K characters; names are ≤ 100). */
const REMEMBER_MAX = 200;

export interface ConsoleImportDeps extends AutoReplyDeps {
  kv: KeyValueStore;
  wechat: { client: WechatApiClient; tokens: { forAuthorizer(appid: string): TokenSource } };
}

/** An account row created: a Signed Service connected the account to this org (relay/signed-services). */
export const isAccountAuthorizedHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  hint.table === OfficialAccount.logicalName && hint.message === 'Create';

/** The org and the account row to import into (from a Create hint, or from the relay's own re-authorization task). */
export type ImportTarget = Pick<DataverseHint, 'organizationId' | 'rowId'>;

export async function onAccountAuthorized(target: ImportTarget, deps: ConsoleImportDeps): Promise<'imported' | 'skipped'> {
  const access = await deps.orgs.open(target.organizationId);
  if (!access) return 'skipped';
  const accountId = requireGuid('account id', target.rowId);
  // Only an account the registry binds to this org: a row merely naming an appid gets nothing.
  const appid = await access.appidOf(accountId);
  if (!appid) return 'skipped';
  const lease = `autoreply-import:${target.organizationId}:${accountId}`;
  if (!(await deps.kv.putIfAbsent(lease, String(deps.clock.now()), deps.clock.now() + LEASE_MS))) return 'skipped';
  try {
    const info = await getConsoleRules(deps.wechat.client, deps.wechat.tokens.forAuthorizer(appid));
    const existing = await access.org.retrieveMultiple(EntitySets.AutoReply, {
      select: [C.Id, C.Kind, C.MatchMode, C.Name],
      filter: `${lookupKey(C.OfficialAccountId)} eq ${accountId} and ${C.Imported} eq true`,
    });
    const memoryKey = `autoreply-imported:${target.organizationId}:${accountId}`;
    const memory = await deps.kv.get(memoryKey);
    const remembered = parseList(memory);
    const firstImport = memory === undefined && existing.length === 0;
    const rows = notImportedYet(rowsFromConsole(info), existing, remembered);
    for (const row of rows) await access.org.create(EntitySets.AutoReply, { ...row, [bind(AutoReply.navigation.OfficialAccountId)]: accountRef(accountId) });
    const all = [...new Set([...remembered, ...existing.map(consoleIdentity), ...rows.map(consoleIdentity)])].slice(-REMEMBER_MAX);
    await deps.kv.put(memoryKey, JSON.stringify(all));
    deps.logger.info('MP console auto replies imported', { authorizerAppid: appid, rules: rows.length, before: existing.length });
    if (rows.length > 0) await compileAccount(access, accountId, deps);
    // 'skipped': an earlier import already holds everything the console has.
    return rows.length > 0 || firstImport ? 'imported' : 'skipped';
  } finally {
    // A WeChat or Dataverse hiccup throws: the queue retries, and finds nothing twice.
    await deps.kv.delete(lease);
  }
}

function parseList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * An account row was created in an org (webhook hint on wxm_officialaccount: a Signed Service connected the account): copy the MP console's
 * auto replies into that org once (console-rules.ts), then compile the account's rules. Once per authorization (a
 * marker in the shared store, created only by the instance that does it) and never over rows imported before.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html
 */
import { AutoReply, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';
import { lookupKey } from '../../dataverse/keys.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { DataverseHint } from '../webhook/hint.js';
import { accountRef, bind, requireGuid } from '../delivery/keys.js';
import { getConsoleRules, rowsFromConsole } from './console-rules.js';
import { compileAccount, type AutoReplyDeps } from './rule-sync.js';

const C = AutoReply.columns;

export interface ConsoleImportDeps extends AutoReplyDeps {
  kv: KeyValueStore;
  wechat: { client: WechatApiClient; tokens: { forAuthorizer(appid: string): TokenSource } };
}

/** An account row created: a Signed Service connected the account to this org (relay/signed-services). */
export const isAccountAuthorizedHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  hint.table === OfficialAccount.logicalName && hint.message === 'Create';

export async function onAccountAuthorized(hint: DataverseHint, deps: ConsoleImportDeps): Promise<'imported' | 'skipped'> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return 'skipped';
  const accountId = requireGuid('account id', hint.rowId);
  const appid = await access.appidOf(accountId);
  if (!appid) return 'skipped';
  // Once per authorization: the account's AuthorizedOn names it, and the marker (kept) says it was done.
  const account = await access.org.retrieve(EntitySets.OfficialAccount, accountId, [OfficialAccount.columns.AuthorizedOn]);
  const claim = `autoreply-import:${hint.organizationId}:${accountId}:${String(account?.[OfficialAccount.columns.AuthorizedOn] ?? '')}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now())))) return 'skipped';
  const done = await access.org.retrieveMultiple(EntitySets.AutoReply, {
    select: [C.Id],
    filter: `${lookupKey(C.OfficialAccountId)} eq ${accountId} and ${C.Imported} eq true`,
    top: 1,
  });
  if (done.length > 0) return 'skipped';
  try {
    const info = await getConsoleRules(deps.wechat.client, deps.wechat.tokens.forAuthorizer(appid));
    const rows = rowsFromConsole(info);
    for (const row of rows) await access.org.create(EntitySets.AutoReply, { ...row, [bind(AutoReply.navigation.OfficialAccountId)]: accountRef(accountId) });
    deps.logger.info('MP console auto replies imported', { authorizerAppid: appid, rules: rows.length });
    if (rows.length > 0) await compileAccount(access, accountId, deps);
    return 'imported';
  } catch (err) {
    // Let the queue retry (a WeChat or Dataverse hiccup); the claim would otherwise hold it for 10 minutes.
    await deps.kv.delete(claim);
    throw err;
  }
}

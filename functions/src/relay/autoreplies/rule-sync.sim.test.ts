/**
 * Rules saved in Dataverse (emulator) → checked, states and reasons written back, the account's compiled set stored
 * and held in memory; the MP console's rules (WeChat simulator) imported once when the account row is created.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoReply, AutoReplyKind, AutoReplyState, AutoReplyType, EntitySets, KeywordMatch, OfficialAccount } from '@wxm/solution/schema';
import { Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { autoReplyTestDeps, type AutoReplyTestDeps } from '@wxm/testkit/kit/relay/autoreply-deps';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { REALISTIC_CONSOLE_RULES } from '../../../../test/emulators/wechat/apis/autoreply.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onAccountAuthorized } from './import-console.js';
import { RuleCache } from './rule-cache.js';
import { onAutoReplyHint } from './rule-sync.js';

const C = AutoReply.columns;
let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let deps: AutoReplyTestDeps;
let cache: RuleCache;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const token = (await authorizerTokens(h.sim)).accessToken;
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const { signedServiceId, officialAccountId } = tenant.bound;
  await connectOrg(registry, tenant.dv, secretBox, [{ appid: DEMO.appid, officialAccountId }], { signedServiceId, updatedAt: h.clock.now() });
  deps = autoReplyTestDeps(h, { registry, gateway: gatewayFor(tenant.dv), secretBox }, token);
  cache = deps.cache;
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const account = () => `/${EntitySets.OfficialAccount}(${tenant.bound.officialAccountId})`;
function rule(fields: Record<string, unknown>): string {
  return tenant.dv.insert(EntitySets.AutoReply, { [`${AutoReply.navigation.OfficialAccountId}@odata.bind`]: account(), ...fields });
}
const hint = (rowId: string, message: DataverseHint['message'] = 'Create', table: string = AutoReply.logicalName): DataverseHint => ({
  message,
  table,
  rowId,
  organizationId: tenant.bound.organizationId,
  attributes: {},
});
const row = async (id: string) => (await tenant.org.retrieve(EntitySets.AutoReply, id))!;

describe('rules saved in Dataverse', () => {
  it('compiles the account rules, marks them Active and holds the set in memory; a clashing keyword is refused with the other rule named', async () => {
    const hours = rule({
      [C.Name]: 'Hours',
      [C.Kind]: AutoReplyKind.Keyword,
      [C.Keywords]: 'hours\n营业时间',
      [C.MatchMode]: KeywordMatch.Exact,
      [C.ReplyType]: AutoReplyType.Text,
      [C.ReplyText]: 'Open 9-18',
    });
    expect(await onAutoReplyHint(hint(hours), deps)).toEqual({ compiled: 1, refused: 0 });
    expect((await row(hours))[C.State]).toBe(AutoReplyState.Active);
    expect(cache.peek(DEMO.appid)?.exact.get('营业时间')?.id).toBe(hours);

    const clash = rule({ [C.Name]: 'Times', [C.Kind]: AutoReplyKind.Keyword, [C.Keywords]: 'HOURS', [C.ReplyType]: AutoReplyType.Text, [C.ReplyText]: 'x' });
    const empty = rule({ [C.Name]: 'Empty', [C.Kind]: AutoReplyKind.Default, [C.ReplyType]: AutoReplyType.Text, [C.ReplyText]: '' });
    expect(await onAutoReplyHint(hint(clash), deps)).toEqual({ compiled: 1, refused: 2 });
    expect(await row(clash)).toMatchObject({
      [C.State]: AutoReplyState.Failed,
      [C.FailureReason]:
        'Another active rule of this account, "Hours", already answers the keyword "hours".\n此公众号的另一条有效规则“Hours”已回复关键词“hours”。',
    });
    expect((await row(empty))[C.FailureReason]).toBe('The reply is empty: enter the reply text.\n回复为空：请输入回复文字。');
    expect((await row(hours))[C.State]).toBe(AutoReplyState.Active);

    // Fixed and saved again: the Update hint brings it back and it answers.
    await tenant.org.update(EntitySets.AutoReply, clash, { [C.Keywords]: 'opening' });
    expect(await onAutoReplyHint(hint(clash, 'Update'), deps)).toEqual({ compiled: 2, refused: 1 });
    expect(await row(clash)).toMatchObject({ [C.State]: AutoReplyState.Active, [C.FailureReason]: null });

    // Stored for every other instance: a fresh cache reads the same set.
    const other = new RuleCache(deps.store, h.clock);
    expect(other.peek(DEMO.appid)).toBeUndefined();
    await other.settled();
    expect(
      other
        .peek(DEMO.appid)
        ?.set.rules.map((r) => r.name)
        .sort(),
    ).toEqual(['Hours', 'Times']);

    // A deactivated rule stops answering and says so.
    await tenant.org.update(EntitySets.AutoReply, clash, { [C.StateCode]: 1, statuscode: 2 });
    expect(await onAutoReplyHint(hint(clash, 'Update'), deps)).toEqual({ compiled: 1, refused: 1 });
    expect((await row(clash))[C.State]).toBe(AutoReplyState.Pending);
    expect(cache.peek(DEMO.appid)?.exact.has('opening')).toBe(false);

    // A deleted rule stops answering.
    await tenant.org.delete(EntitySets.AutoReply, hours);
    await onAutoReplyHint(hint(hours, 'Delete'), deps);
    expect(cache.peek(DEMO.appid)?.exact.has('hours')).toBe(false);
  });

  it('refuses every rule of an account that did not grant message management', async () => {
    await tenant.org.update(EntitySets.OfficialAccount, tenant.bound.officialAccountId, { [OfficialAccount.columns.Permissions]: '2,3,7' });
    const id = rule({ [C.Name]: 'Welcome', [C.Kind]: AutoReplyKind.Follow, [C.ReplyType]: AutoReplyType.Text, [C.ReplyText]: 'hi' });
    expect(await onAutoReplyHint(hint(id), deps)).toEqual({ compiled: 0, refused: 1 });
    expect(String((await row(id))[C.FailureReason])).toMatch(/^The account did not grant Wechat Marketing message management/);
  });
});

describe('import of the MP console rules', () => {
  it('copies them once as imported rows and compiles them; a second hint imports nothing', async () => {
    h.sim.setConsoleAutoReplies(DEMO.appid, REALISTIC_CONSOLE_RULES);
    const accountHint = hint(tenant.bound.officialAccountId, 'Create', OfficialAccount.logicalName);
    expect(await onAccountAuthorized(accountHint, deps)).toBe('imported');
    const rows = await tenant.org.retrieveMultiple(EntitySets.AutoReply, {
      select: [C.Name, C.Kind, C.Keywords, C.MatchMode, C.ReplyType, C.State, C.Imported],
    });
    const byName = (name: string) => rows.filter((r) => r[C.Name] === name);
    expect(rows.every((r) => r[C.Imported] === true)).toBe(true);
    expect(byName('Follow reply (MP console)')[0]).toMatchObject({ [C.Kind]: AutoReplyKind.Follow, [C.State]: AutoReplyState.Active });
    expect(byName('营业时间').map((r) => [r[C.Keywords], r[C.MatchMode]])).toEqual([
      ['营业时间', KeywordMatch.Exact],
      ['几点开门', KeywordMatch.Contains],
    ]);
    expect(byName('新品')[0]).toMatchObject({ [C.ReplyType]: AutoReplyType.News, [C.State]: AutoReplyState.Active });
    // A voice reply has no reply type here: kept, refused with the reason until an admin picks one.
    expect(byName('语音问候')[0]).toMatchObject({ [C.State]: AutoReplyState.Failed });
    expect(rows).toHaveLength(6);
    expect(cache.peek(DEMO.appid)?.follow.get('')?.reply).toEqual({ type: 'text', text: '感谢关注！回复“营业时间”查看门店时间。' });

    expect(await onAccountAuthorized(accountHint, deps)).toBe('skipped');
    expect(await tenant.org.retrieveMultiple(EntitySets.AutoReply, { select: [C.Id] })).toHaveLength(6);
  });

  it('an account whose console has no rules imports none', async () => {
    expect(await onAccountAuthorized(hint(tenant.bound.officialAccountId, 'Create', OfficialAccount.logicalName), deps)).toBe('imported');
    expect(await tenant.org.retrieveMultiple(EntitySets.AutoReply, { select: [C.Id] })).toEqual([]);
  });
});

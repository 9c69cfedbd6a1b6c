/**
 * Auto-reply hints naming another org than the rows', against two Dataverse emulators (two customers, each with a
 * connected Signed Service and an account row claiming the demo account) and the WeChat simulator: the demo account
 * answers only with the rules of the org WeChat's authorization bound it to, and the MP console's rules are copied
 * into that org only, whatever a hint or the other org's rows claim.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AutoReply, AutoReplyKind, AutoReplyState, AutoReplyType, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { autoReplyTestDeps, type AutoReplyTestDeps } from '@wxm/testkit/kit/relay/autoreply-deps';
import { startTwoCustomers, type Customer } from '@wxm/testkit/kit/relay/two-customers';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { REALISTIC_CONSOLE_RULES } from '../../../../test/emulators/wechat/apis/autoreply.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onAccountAuthorized } from './import-console.js';
import type { RuleCache } from './rule-cache.js';
import type { RuleStore } from './rule-store.js';
import { onAutoReplyHint } from './rule-sync.js';

const C = AutoReply.columns;
const emulators = new Emulators();
afterAll(() => emulators.closeAll());

let h: Harness;
let ours: Customer;
let theirs: Customer;
let deps: AutoReplyTestDeps;
let store: RuleStore;
let cache: RuleCache;

beforeEach(async () => {
  h = await startHarness();
  h.sim.setConsoleAutoReplies(DEMO.appid, REALISTIC_CONSOLE_RULES);
  const token = (await authorizerTokens(h.sim)).accessToken;
  const world = await startTwoCustomers(emulators, DEMO.appid);
  ({ ours, theirs } = world);
  deps = autoReplyTestDeps(h, world, token);
  store = deps.store;
  cache = deps.cache;
});
afterEach(async () => h.close());

const hint = (organizationId: string, rowId: string, message: DataverseHint['message'] = 'Create', table: string = AutoReply.logicalName): DataverseHint => ({
  message,
  table,
  rowId,
  organizationId,
  attributes: {},
});
function rule(customer: Customer, keyword: string, text: string): string {
  return customer.dv.insert(EntitySets.AutoReply, {
    [`${AutoReply.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${customer.accountId})`,
    [C.Name]: keyword,
    [C.Kind]: AutoReplyKind.Keyword,
    [C.Keywords]: keyword,
    [C.ReplyType]: AutoReplyType.Text,
    [C.ReplyText]: text,
  });
}
const stored = (customer: Customer, id: string) => customer.dv.rows(EntitySets.AutoReply).find((r) => r[C.Id] === id) ?? {};
const answers = async () => Object.fromEntries([...((await store.get(DEMO.appid))?.rules ?? [])].map((r) => [r.name, r.reply]));
const consoleReads = () => h.sim.stats().apiCalls['get_current_autoreply_info'] ?? 0;

describe('an auto-reply hint naming another org', () => {
  it("our rule's id in a hint naming the other org, an unknown org, or an id no org holds: skipped, nothing compiled, our row untouched", async () => {
    const id = rule(ours, 'hours', 'Open 9-18');
    expect(await onAutoReplyHint(hint(theirs.organizationId, id), deps)).toBe('skipped');
    expect(await onAutoReplyHint(hint(theirs.organizationId, id, 'Update'), deps)).toBe('skipped');
    expect(await onAutoReplyHint(hint(randomUUID(), id), deps)).toBe('skipped');
    expect(await onAutoReplyHint(hint(ours.organizationId, randomUUID()), deps)).toBe('skipped');
    expect(await store.get(DEMO.appid)).toBeUndefined();
    expect(cache.peek(DEMO.appid)).toBeUndefined();
    expect(stored(ours, id)[C.State] ?? null).toBeNull();
    // Our own hint still compiles it: nothing the other hints did stands in its way.
    expect(await onAutoReplyHint(hint(ours.organizationId, id), deps)).toEqual({ compiled: 1, refused: 0 });
    expect(await answers()).toEqual({ hours: { type: 'text', text: 'Open 9-18' } });
  });

  it("the other org's own rules for its row claiming our account: refused as not connected, and our account keeps answering with ours", async () => {
    expect(await onAutoReplyHint(hint(ours.organizationId, rule(ours, 'hours', 'Open 9-18')), deps)).toEqual({ compiled: 1, refused: 0 });
    const theirRule = rule(theirs, 'hours', 'Visit our shop instead');
    expect(await onAutoReplyHint(hint(theirs.organizationId, theirRule), deps)).toEqual({ compiled: 0, refused: 1 });
    expect(stored(theirs, theirRule)).toMatchObject({
      [C.State]: AutoReplyState.Failed,
      [C.FailureReason]:
        'This Official Account is not connected to this environment (Signed Service), so the relay cannot answer for it.\n该公众号未通过“已注册的服务”连接到此环境，中继无法代其回复。',
    });
    // A Delete in their org compiles every account of that org again: still nothing for ours.
    expect(await onAutoReplyHint(hint(theirs.organizationId, randomUUID(), 'Delete'), deps)).toEqual({ compiled: 0, refused: 1 });
    expect(await answers()).toEqual({ hours: { type: 'text', text: 'Open 9-18' } });
    expect(cache.peek(DEMO.appid)?.exact.get('hours')?.reply).toEqual({ type: 'text', text: 'Open 9-18' });
  });

  it("an account-row Create naming the other org, for its row or ours: the MP console's rules are read for no one and copied nowhere", async () => {
    const created = (organizationId: string, accountId: string) => hint(organizationId, accountId, 'Create', OfficialAccount.logicalName);
    expect(await onAccountAuthorized(created(theirs.organizationId, theirs.accountId), deps)).toBe('skipped');
    expect(await onAccountAuthorized(created(theirs.organizationId, ours.accountId), deps)).toBe('skipped');
    expect(await onAccountAuthorized(created(randomUUID(), ours.accountId), deps)).toBe('skipped');
    expect(consoleReads()).toBe(0);
    expect([theirs.dv.rows(EntitySets.AutoReply), ours.dv.rows(EntitySets.AutoReply)]).toEqual([[], []]);
    // The bound org's own hint imports them (the claims above took nothing from it).
    expect(await onAccountAuthorized(created(ours.organizationId, ours.accountId), deps)).toBe('imported');
    expect([consoleReads(), theirs.dv.rows(EntitySets.AutoReply).length, ours.dv.rows(EntitySets.AutoReply).length]).toEqual([1, 0, 6]);
  });
});

/**
 * Subscription hints naming another org than the rows', against two Dataverse emulators (two customers, each with a
 * connected Signed Service and an account row claiming the demo account) and the WeChat simulator: templates are
 * added, synced and deleted, and notifications sent, for the org WeChat's authorization bound the account to only,
 * whatever a hint or the other org's rows (a copied WeChat template id, a consent it wrote itself) claim.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConsentStatus,
  DeliveryStatus,
  EntitySets,
  Follower,
  OfficialAccount,
  RowSyncState,
  SubscriptionConsent,
  SubscriptionMessage,
  SubscriptionTemplate,
} from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { startTwoCustomers, type Customer } from '@wxm/testkit/kit/relay/two-customers';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { SubscriptionDeps } from './deps.js';
import { onConsentEvent } from './events.js';
import { onSubscriptionMessageCreated } from './send-message.js';
import { onSubscriptionTemplateSaved } from './templates.js';
import { subscriptionWechat } from './wechat-adapter.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const OPENID = 'oSubscriber00000000000000001';
const NOW = Date.parse('2026-12-07T08:00:00Z');
const T = SubscriptionTemplate.columns;
const M = SubscriptionMessage.columns;
const VALUES = { thing1: '高等数学', time2: '2026年12月8日 15:00' };
const NOT_CONNECTED = (not: 'Not added' | 'Not sent') =>
  `${not}: this account is not connected to this environment (Signed Service).\n${not === 'Not added' ? '未添加' : '未发送'}：该账号未通过“已注册的服务”连接到此环境。`;

let h: Harness;
let ours: Customer & { follower: string };
let theirs: Customer & { follower: string };
let deps: SubscriptionDeps;

beforeEach(async () => {
  h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  const world = await startTwoCustomers(emulators, DEMO.appid, { account: { [OfficialAccount.columns.Permissions]: '1,2,3,7,89' } });
  const withFollower = (c: Customer) => ({
    ...c,
    follower: c.dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: OPENID,
      [Follower.columns.Name]: '张三',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${c.accountId})`,
    }),
  });
  ours = withFollower(world.ours);
  theirs = withFollower(world.theirs);
  h.sim.setFollower(DEMO.appid, OPENID, { following: true });
  const clock = new ManualClock(NOW);
  deps = {
    orgs: world.orgs,
    registry: world.registry,
    wechat: subscriptionWechat(createWechatApiClient({ baseUrl: h.sim.url }), {
      forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }),
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
});
afterEach(async () => h.close());

const hint = (organizationId: string, table: string, rowId: string, message: DataverseHint['message'] = 'Create'): DataverseHint => ({
  message,
  table,
  rowId,
  organizationId,
  attributes: {},
});
const templateHint = (c: { organizationId: string }, id: string) => hint(c.organizationId, SubscriptionTemplate.logicalName, id, 'Update');
const messageHint = (c: { organizationId: string }, id: string) => hint(c.organizationId, SubscriptionMessage.logicalName, id);
const row = (c: Customer, set: string, id: string) => c.dv.rows(set).find((r) => r[`${set.replace(/s$/, '')}id`] === id) ?? {};
const calls = (api: string) => h.sim.stats().apiCalls[api] ?? 0;
const heldInWechat = async () =>
  ((await (await fetch(`${h.sim.url}/sim/subscribe?appid=${DEMO.appid}`)).json()) as { templates: { templateId: string }[] }).templates.map(
    (t) => t.templateId,
  );

function templateRow(c: Customer, fields: Record<string, unknown> = {}): string {
  return c.dv.insert(EntitySets.SubscriptionTemplate, {
    [T.Name]: '开课提醒',
    [T.Tid]: 1001,
    [T.KeywordIds]: '1,2',
    [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${c.accountId})`,
    ...fields,
  });
}
function messageRow(c: Customer & { follower: string }, templateRowId: string): string {
  return c.dv.insert(EntitySets.SubscriptionMessage, {
    [M.Name]: '开课提醒',
    [M.Values]: JSON.stringify(VALUES),
    [`${SubscriptionMessage.navigation.SubscriptionTemplateId}@odata.bind`]: `/${EntitySets.SubscriptionTemplate}(${templateRowId})`,
    [`${SubscriptionMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${c.follower})`,
  });
}
/** Our template added in WeChat and our follower's consent from WeChat's popup event (routed by the appid's binding). */
async function ourTemplateWithConsent(): Promise<{ id: string; wechatId: string }> {
  const id = templateRow(ours);
  expect(await onSubscriptionTemplateSaved(templateHint(ours, id), deps)).toBe('added');
  const wechatId = String(row(ours, EntitySets.SubscriptionTemplate, id)[T.WechatTemplateId]);
  await fetch(`${h.sim.url}/sim/subscribe/popup`, {
    method: 'POST',
    body: JSON.stringify({ appid: DEMO.appid, openid: OPENID, templateId: wechatId, accept: true }),
  });
  const raw = [...h.relay.received].reverse().find((p) => p.decrypted.message.includes('subscribe_msg_popup_event'))!.decrypted.message;
  expect(await onConsentEvent({ v: 1, type: 'wechat-event', appid: DEMO.appid, event: 'subscribe_msg_popup_event', raw, receivedAt: NOW }, deps)).toBe('done');
  expect([ours.dv.rows(EntitySets.SubscriptionConsent).length, theirs.dv.rows(EntitySets.SubscriptionConsent).length]).toEqual([1, 0]);
  return { id, wechatId };
}

describe('a subscription hint naming another org', () => {
  it("our rows' ids in a hint naming the other org, an unknown org, or ids no org holds: skipped, WeChat not called, our rows untouched", async () => {
    const template = templateRow(ours);
    for (const organizationId of [theirs.organizationId, randomUUID()]) {
      expect(await onSubscriptionTemplateSaved(templateHint({ organizationId }, template), deps)).toBe('skipped');
    }
    expect(await onSubscriptionTemplateSaved(templateHint(ours, randomUUID()), deps)).toBe('skipped');
    expect([calls('wxaapi/newtmpl/addtemplate'), calls('wxaapi/newtmpl/gettemplate')]).toEqual([0, 0]);
    expect(row(ours, EntitySets.SubscriptionTemplate, template)[T.State] ?? null).toBeNull();

    const added = await ourTemplateWithConsent();
    const message = messageRow(ours, added.id);
    for (const organizationId of [theirs.organizationId, randomUUID()]) {
      expect(await onSubscriptionMessageCreated(messageHint({ organizationId }, message), deps)).toBe('skipped');
    }
    expect(await onSubscriptionMessageCreated(messageHint(ours, randomUUID()), deps)).toBe('skipped');
    expect(calls('message/subscribe/bizsend')).toBe(0);
    expect(row(ours, EntitySets.SubscriptionMessage, message)[M.DeliveryStatus] ?? null).toBeNull();
    // Our own hint still sends it, once: the other hints claimed nothing.
    expect(await onSubscriptionMessageCreated(messageHint(ours, message), deps)).toBe('sent');
    expect(calls('message/subscribe/bizsend')).toBe(1);
  });

  it("the other org's own template rows claiming our account: nothing added, synced into it or deleted from WeChat", async () => {
    const ourTemplate = await ourTemplateWithConsent();
    const add = templateRow(theirs);
    const sync = templateRow(theirs, { [T.Tid]: null, [T.SyncRequestedOn]: '2026-12-07T08:01:00Z' });
    const remove = templateRow(theirs, {
      [T.WechatTemplateId]: ourTemplate.wechatId,
      [T.State]: RowSyncState.Synced,
      [T.DeleteRequestedOn]: '2026-12-07T08:01:00Z',
    });
    for (const id of [add, sync, remove]) {
      expect(await onSubscriptionTemplateSaved(templateHint(theirs, id), deps)).toBe('refused');
      expect(row(theirs, EntitySets.SubscriptionTemplate, id)).toMatchObject({ [T.State]: RowSyncState.Failed, [T.FailureReason]: NOT_CONNECTED('Not added') });
    }
    // One addtemplate (ours), one gettemplate (after ours was added), no deltemplate: our template is still there.
    expect([calls('wxaapi/newtmpl/addtemplate'), calls('wxaapi/newtmpl/gettemplate'), calls('wxaapi/newtmpl/deltemplate')]).toEqual([1, 1, 0]);
    expect(await heldInWechat()).toEqual([ourTemplate.wechatId]);
    expect(theirs.dv.rows(EntitySets.SubscriptionTemplate)).toHaveLength(3);
  });

  it("the other org's message with our WeChat template id and a consent it wrote itself: nothing sent", async () => {
    const ourTemplate = await ourTemplateWithConsent();
    const copied = templateRow(theirs, {
      [T.WechatTemplateId]: ourTemplate.wechatId,
      [T.State]: RowSyncState.Synced,
      [T.Fields]: row(ours, EntitySets.SubscriptionTemplate, ourTemplate.id)[T.Fields],
    });
    theirs.dv.insert(EntitySets.SubscriptionConsent, {
      [SubscriptionConsent.columns.Name]: 'forged',
      [SubscriptionConsent.columns.WechatTemplateId]: ourTemplate.wechatId,
      [SubscriptionConsent.columns.ConsentStatus]: ConsentStatus.Accepted,
      [`${SubscriptionConsent.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${theirs.follower})`,
    });
    const forged = messageRow(theirs, copied);
    expect(await onSubscriptionMessageCreated(messageHint(theirs, forged), deps)).toBe('refused');
    expect(row(theirs, EntitySets.SubscriptionMessage, forged)).toMatchObject({
      [M.DeliveryStatus]: DeliveryStatus.Failed,
      [M.FailureReason]: NOT_CONNECTED('Not sent'),
    });
    // Their message's id in a hint naming our org: our org holds no such row.
    expect(await onSubscriptionMessageCreated(messageHint(ours, forged), deps)).toBe('skipped');
    expect(calls('message/subscribe/bizsend')).toBe(0);
  });
});

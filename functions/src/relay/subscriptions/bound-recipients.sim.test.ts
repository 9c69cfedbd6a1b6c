/**
 * Subscription notifications to a contact or lead through their bindings (wxm_binding), against the WeChat
 * simulator and the Dataverse emulator: the person's row becomes one row per bound follower of the template's
 * account whose consent is Accepted, each sent once by its own hint; the person's row names who was left out and
 * why; a retry makes no row twice; a person bound to nobody (or only elsewhere) is refused with the reason.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountType,
  DeliveryStatus,
  EntitySets,
  Follower,
  OfficialAccount,
  SubscriptionMessage,
  SubscriptionTemplate,
  VerificationType,
} from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { DataverseHint } from '../webhook/hint.js';
import { childId, fanOut } from './bound-recipients.js';
import type { SubscriptionDeps } from './deps.js';
import { onConsentEvent } from './events.js';
import { readMessage } from './message-row.js';
import { onSubscriptionMessageCreated } from './send-message.js';
import { onSubscriptionTemplateSaved } from './templates.js';
import { usableAccount } from './account.js';
import { subscriptionWechat } from './wechat-adapter.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());
const NOW = Date.parse('2026-12-04T08:00:00Z');
const M = SubscriptionMessage.columns;
const OTHER = { appid: 'wx0th3racc0un7a1b2', originalId: 'gh_0th3racc0un7', nickName: 'Other', serviceType: 2, verifyType: 0 };
const bind = (nav: string, set: string, id: string) => ({ [`${nav}@odata.bind`]: `/${set}(${id})` });

let h: Harness;
let dv: DataverseEmulator;
let deps: SubscriptionDeps;
let accountId: string;
let otherAccountId: string;

beforeEach(async () => {
  h = await startHarness({ accounts: [DEMO, OTHER] });
  const token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  dv = await emulators.start();
  const A = OfficialAccount.columns;
  const account = (appid: string) =>
    dv.insert(EntitySets.OfficialAccount, {
      [A.AppId]: appid,
      [A.Name]: appid,
      [A.AccountType]: AccountType.Service,
      [A.VerificationType]: VerificationType.WeChat,
      [A.Permissions]: '1,2,3,7,89',
    });
  accountId = account(DEMO.appid);
  otherAccountId = account(OTHER.appid);
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 4).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(dv);
  const signedServiceId = randomUUID();
  await registry.put({
    organizationId: dv.organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    accounts: [{ appid: DEMO.appid, officialAccountId: accountId }],
    updatedAt: NOW,
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const clock = new ManualClock(NOW);
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    registry,
    wechat: subscriptionWechat(createWechatApiClient({ baseUrl: h.sim.url }), {
      forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }),
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
});
afterEach(async () => h.close());

const hint = (table: string, rowId: string): DataverseHint => ({ message: 'Create', table, rowId, organizationId: dv.organizationId, attributes: {} });
const row = (id: string) => dv.rows(EntitySets.SubscriptionMessage).find((r) => r[M.Id] === id) ?? {};
function follower(openid: string, following: boolean, ofAccount = accountId): string {
  h.sim.setFollower(ofAccount === accountId ? DEMO.appid : OTHER.appid, openid, { following });
  return dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: openid,
    [Follower.columns.Name]: openid,
    [Follower.columns.Subscribed]: following,
    ...bind(Follower.navigation.OfficialAccountId, EntitySets.OfficialAccount, ofAccount),
  });
}
const binding = (followerId: string, person: { nav: string; set: string; id: string }) =>
  dv.insert(EntitySets.Binding, {
    wxm_name: 'binding',
    ...bind('wxm_FollowerId', EntitySets.Follower, followerId),
    ...bind(person.nav, person.set, person.id),
    wxm_source: `qr:test:${followerId}`,
  });
async function template(): Promise<{ id: string; wechatId: string }> {
  const T = SubscriptionTemplate.columns;
  const id = dv.insert(EntitySets.SubscriptionTemplate, {
    [T.Name]: '开课提醒',
    [T.Tid]: 1001,
    [T.KeywordIds]: '1,2',
    ...bind(SubscriptionTemplate.navigation.OfficialAccountId, EntitySets.OfficialAccount, accountId),
  });
  expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', id), deps)).toBe('added');
  return { id, wechatId: String(dv.rows(EntitySets.SubscriptionTemplate).find((r) => r[T.Id] === id)?.[T.WechatTemplateId]) };
}
async function accept(openid: string, templateId: string): Promise<void> {
  const r = await fetch(`${h.sim.url}/sim/subscribe/popup`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, openid, templateId, accept: true }) });
  expect(r.status).toBe(200);
  const raw = [...h.relay.received].reverse().find((p) => p.decrypted.message.includes('subscribe_msg_popup_event') && p.decrypted.message.includes(openid))!
    .decrypted.message;
  await onConsentEvent({ v: 1, type: 'wechat-event', appid: DEMO.appid, event: 'subscribe_msg_popup_event', raw, receivedAt: NOW }, deps);
}
const VALUES = JSON.stringify({ thing1: '高等数学', time2: '2026年12月5日 15:00' });
const personMessage = (templateRowId: string, person: { nav: string; set: string; id: string }) =>
  dv.insert(EntitySets.SubscriptionMessage, {
    [M.Name]: '开课提醒',
    [M.Values]: VALUES,
    [M.Page]: 'https://example.com/course/1',
    ...bind(SubscriptionMessage.navigation.SubscriptionTemplateId, EntitySets.SubscriptionTemplate, templateRowId),
    ...bind(person.nav, person.set, person.id),
  });

describe('subscription messages to a contact through their bindings', () => {
  it('one row per bound follower who accepted, each sent once; the others named with the reason; a retry makes no row twice', async () => {
    const t = await template();
    const contact = { nav: SubscriptionMessage.navigation.ContactId, set: 'contacts', id: dv.insert('contacts', { firstname: 'Mei', lastname: 'Li' }) };
    const [phone, tablet, gone] = [
      follower('oMeiPhone000000000000000001', true),
      follower('oMeiTablet00000000000000001', true),
      follower('oMeiOld00000000000000000001', false),
    ];
    const elsewhere = follower('oMeiOther0000000000000000001', true, otherAccountId);
    for (const f of [phone, tablet, gone, elsewhere]) binding(f, { nav: 'wxm_ContactId', set: 'contacts', id: contact.id });
    await accept('oMeiPhone000000000000000001', t.wechatId);

    const id = personMessage(t.id, contact);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', id), deps)).toBe('fanned-out');
    const made = dv.rows(EntitySets.SubscriptionMessage).filter((r) => r[M.Id] !== id);
    expect(made.map((r) => [r[M.Id], r[`_${M.FollowerId}_value`], r[`_${M.ContactId}_value`], r[M.DeliveryStatus], r[M.Values], r[M.Page]])).toEqual([
      [childId(id, phone), phone, contact.id, DeliveryStatus.Pending, VALUES, 'https://example.com/course/1'],
    ]);
    expect(row(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Sent, [`_${M.OfficialAccountId}_value`]: accountId });
    expect(String(row(id)[M.FailureReason])).toBe(
      'Sent as 1 message(s), one per bound follower who accepted the template. Left out: oMeiTablet00000000000000001 (has not accepted this template), oMeiOld00000000000000000001 (no longer follows the account).\n' +
        '已拆分为 1 条消息，每位已同意该模板的绑定粉丝一条。未发送：oMeiTablet00000000000000001（未同意接收此模板），oMeiOld00000000000000000001（已取消关注该账号）。',
    );
    expect(h.sim.sent(DEMO.appid).filter((s) => s.api === 'message/subscribe/bizsend')).toHaveLength(0);

    // The follower's row arrives by its own Create hint and is sent once.
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', childId(id, phone)), deps)).toBe('sent');
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', childId(id, phone)), deps)).toBe('skipped');
    const sent = h.sim.sent(DEMO.appid).filter((s) => s.api === 'message/subscribe/bizsend');
    expect(sent.map((s) => [s.errcode, (s.body as { touser: string }).touser])).toEqual([[0, 'oMeiPhone000000000000000001']]);
    expect(row(childId(id, phone))[M.DeliveryStatus]).toBe(DeliveryStatus.Sent);

    // The person's hint again: claimed, nothing. A fan-out run again after a crash: the row exists, none made twice.
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', id), deps)).toBe('skipped');
    const access = (await deps.orgs.open(dv.organizationId))!;
    const again = await fanOut(access.org, (await readMessage(access.org, id))!, (a) => usableAccount(access, a));
    expect('made' in again && again.made).toEqual([childId(id, phone)]);
    expect(dv.rows(EntitySets.SubscriptionMessage)).toHaveLength(2);
  });

  it('refused with the reason: a lead bound to nobody, a contact bound to another account only, a contact whose followers all lack consent', async () => {
    const t = await template();
    const lead = { nav: SubscriptionMessage.navigation.LeadId, set: 'leads', id: dv.insert('leads', { lastname: 'Wang', subject: 'Course' }) };
    const unbound = personMessage(t.id, lead);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', unbound), deps)).toBe('refused');
    expect(row(unbound)).toMatchObject({
      [M.DeliveryStatus]: DeliveryStatus.Failed,
      [M.FailureReason]: 'Not sent: this lead is not bound to any WeChat follower (wxm_binding).\n未发送：此潜在顾客未与任何微信粉丝绑定。',
    });
    const contact = { nav: SubscriptionMessage.navigation.ContactId, set: 'contacts', id: dv.insert('contacts', { lastname: 'Zhao' }) };
    binding(follower('oZhaoOther000000000000000001', true, otherAccountId), { nav: 'wxm_ContactId', set: 'contacts', id: contact.id });
    const elsewhere = personMessage(t.id, contact);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', elsewhere), deps)).toBe('refused');
    expect(String(row(elsewhere)[M.FailureReason]).split('\n')[0]).toBe(
      "Not sent: this contact is bound to followers of other accounts only, not of the template's account.",
    );
    binding(follower('oZhaoHere0000000000000000001', true), { nav: 'wxm_ContactId', set: 'contacts', id: contact.id });
    const noConsent = personMessage(t.id, contact);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', noConsent), deps)).toBe('refused');
    expect(row(noConsent)).toMatchObject({
      [M.DeliveryStatus]: DeliveryStatus.Failed,
      [M.FailureReason]:
        'Not sent: none of the 1 followers bound to this contact can receive it. Left out: oZhaoHere0000000000000000001 (has not accepted this template).\n' +
        '未发送：与此联系人绑定的 1 位粉丝均无法接收。未发送：oZhaoHere0000000000000000001（未同意接收此模板）。',
    });
    expect(dv.rows(EntitySets.SubscriptionMessage)).toHaveLength(3);
    expect(h.sim.sent(DEMO.appid).filter((s) => s.api.startsWith('message/subscribe'))).toHaveLength(0);
  });
});

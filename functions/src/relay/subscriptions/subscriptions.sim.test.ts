/**
 * Subscription notifications end to end against the WeChat simulator (the real clients over HTTP) and the Dataverse
 * emulator (the real gateway, the org reached through the Signed Service registry): a template added from the library,
 * a follower's consent from WeChat's popup event, a notification sent only then and only once, its receipt, refusals
 * before WeChat is called (consent, value rules naming the field, set 89), 43101 recorded quietly as consent withdrawn,
 * and a Mini Program's one message per accept.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountType,
  ConsentSource,
  ConsentStatus,
  DeliveryStatus,
  EntitySets,
  Follower,
  OfficialAccount,
  PopupScene,
  RowSyncState,
  SubscriptionConsent,
  SubscriptionKind,
  SubscriptionMessage,
  SubscriptionTemplate,
  VerificationType,
} from '@wxm/solution/schema';
import { Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { RelayTask, WechatEventTask } from '../envelope.js';
import { dispatchWechatEvent } from '../events/dispatch.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import type { DataverseHint } from '../webhook/hint.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { SubscriptionDeps } from './deps.js';
import { onConsentEvent, onSentEvent } from './events.js';
import { onSubscriptionMessageCreated } from './send-message.js';
import { onSubscriptionTemplateSaved } from './templates.js';
import { subscriptionWechat } from './wechat-adapter.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const MP = { appid: 'wxm1n1pr0gram0a1b2', originalId: 'gh_m1n1pr0gram0', nickName: '演示小程序', serviceType: 0, verifyType: 0, isMiniProgram: true };
const OPENID = 'oSubscriber00000000000000001';
const NOW = Date.parse('2026-12-04T08:00:00Z');
const T = SubscriptionTemplate.columns;
const M = SubscriptionMessage.columns;
const K = SubscriptionConsent.columns;

let h: Harness;
let dv: DataverseEmulator;
let deps: SubscriptionDeps;
let logger: RecordingLogger;
const ids: Record<'oa' | 'mp', { account: string; follower: string }> = { oa: { account: '', follower: '' }, mp: { account: '', follower: '' } };

async function setUp(oaPermissions = '1,2,3,7,89') {
  h = await startHarness({ accounts: [DEMO, MP] });
  const tokens: Record<string, string> = {
    [DEMO.appid]: (await authorizerTokens(h.sim, DEMO.appid)).accessToken,
    [MP.appid]: (await authorizerTokens(h.sim, MP.appid)).accessToken,
  };
  dv = await emulators.start();
  const A = OfficialAccount.columns;
  ids.oa.account = dv.insert(EntitySets.OfficialAccount, {
    [A.AppId]: DEMO.appid,
    [A.Name]: 'Demo',
    [A.AccountType]: AccountType.Service,
    [A.VerificationType]: VerificationType.WeChat,
    [A.Permissions]: oaPermissions,
  });
  ids.mp.account = dv.insert(EntitySets.OfficialAccount, { [A.AppId]: MP.appid, [A.Name]: '演示小程序', [A.AccountType]: AccountType.MiniProgram });
  for (const k of ['oa', 'mp'] as const) {
    ids[k].follower = dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: OPENID,
      [Follower.columns.Name]: '张三',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${ids[k].account})`,
    });
  }
  h.sim.setFollower(DEMO.appid, OPENID, { following: true });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 3).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  await connectOrg(
    registry,
    dv,
    secretBox,
    [
      { appid: DEMO.appid, officialAccountId: ids.oa.account },
      { appid: MP.appid, officialAccountId: ids.mp.account },
    ],
    { updatedAt: NOW },
  );
  const clock = new ManualClock(NOW);
  logger = new RecordingLogger();
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    registry,
    wechat: subscriptionWechat(createWechatApiClient({ baseUrl: h.sim.url }), {
      forAuthorizer: (appid) => ({ get: async () => tokens[appid] as string, invalidate: async () => undefined }),
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger,
  };
}
afterEach(async () => h.close());

const hint = (table: string, rowId: string, message: DataverseHint['message'] = 'Create'): DataverseHint => ({
  message,
  table,
  rowId,
  organizationId: dv.organizationId,
  attributes: {},
});
const stored = (set: string, id: string) => dv.rows(set).find((r) => Object.values(r).includes(id) && r[`${set.replace(/s$/, '')}id`] === id) ?? {};
const template = (id: string) => stored(EntitySets.SubscriptionTemplate, id);
const message = (id: string) => stored(EntitySets.SubscriptionMessage, id);
const consents = () => dv.rows(EntitySets.SubscriptionConsent);

async function addTemplate(k: 'oa' | 'mp', tid: number, keywordIds: string): Promise<{ id: string; wechatId: string }> {
  const id = dv.insert(EntitySets.SubscriptionTemplate, {
    [T.Name]: 'from the library',
    [T.Tid]: tid,
    [T.KeywordIds]: keywordIds,
    [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${ids[k].account})`,
  });
  expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', id), deps)).toBe('added');
  return { id, wechatId: String(template(id)[T.WechatTemplateId]) };
}

/** The user answers the popup in WeChat; the event the simulator pushed becomes the relay's wechat-event task. */
async function popup(appid: string, templateId: string, accept: boolean): Promise<WechatEventTask> {
  const r = await fetch(`${h.sim.url}/sim/subscribe/popup`, { method: 'POST', body: JSON.stringify({ appid, openid: OPENID, templateId, accept }) });
  expect(r.status).toBe(200);
  return lastEvent(appid, 'subscribe_msg_popup_event');
}
function lastEvent(appid: string, event: string): WechatEventTask {
  const raw = [...h.relay.received].reverse().find((p) => p.path.includes(appid) && p.decrypted.message.includes(event))?.decrypted.message;
  if (!raw) throw new Error(`no ${event} pushed`);
  return { v: 1, type: 'wechat-event', appid, event, raw, receivedAt: NOW };
}

function newMessage(k: 'oa' | 'mp', templateRowId: string, values: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return dv.insert(EntitySets.SubscriptionMessage, {
    [M.Name]: '开课提醒',
    [M.Values]: JSON.stringify(values),
    [`${SubscriptionMessage.navigation.SubscriptionTemplateId}@odata.bind`]: `/${EntitySets.SubscriptionTemplate}(${templateRowId})`,
    [`${SubscriptionMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${ids[k].follower})`,
    ...extra,
  });
}
/** What a form button or a flow writes (through the org's Web API, so the row's state is Dataverse's own). */
async function patch(set: string, id: string, data: Record<string, unknown>): Promise<void> {
  const access = await deps.orgs.open(dv.organizationId);
  await access!.org.update(set, id, data);
}
const sends = (appid: string, api: string) => h.sim.sent(appid).filter((s) => s.api === api);
const VALUES = { thing1: '高等数学', time2: '2026年12月5日 15:00' };

describe('Official Account subscription notifications', () => {
  beforeEach(() => setUp());

  it('adds a library template once, with its content, fields and rules', async () => {
    const { id, wechatId } = await addTemplate('oa', 1001, '1, 2');
    expect(wechatId).toMatch(/^[\w-]{43}$/);
    const row = template(id);
    expect(row[T.Content]).toBe('课程名称:{{thing1.DATA}}\n上课时间:{{time2.DATA}}');
    expect(JSON.parse(String(row[T.Fields]))).toEqual([
      { key: 'thing1', label: '课程名称', rule: 'thing' },
      { key: 'time2', label: '上课时间', rule: 'time' },
    ]);
    expect(row).toMatchObject({ [T.State]: RowSyncState.Synced, [T.Kind]: SubscriptionKind.OfficialAccount, [T.LongTerm]: false });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', id, 'Update'), deps)).toBe('skipped');
    const held = (await (await fetch(`${h.sim.url}/sim/subscribe?appid=${DEMO.appid}`)).json()) as { templates: unknown[] };
    expect(held.templates).toHaveLength(1);
  });

  it('refuses 1 keyword before WeChat, and explains WeChat refusing an unknown title', async () => {
    const one = dv.insert(EntitySets.SubscriptionTemplate, {
      [T.Name]: 'x',
      [T.Tid]: 1001,
      [T.KeywordIds]: '1',
      [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${ids.oa.account})`,
    });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', one), deps)).toBe('refused');
    expect(template(one)[T.FailureReason]).toBe(
      'Not added: a template takes 2 to 5 keyword ids of the title, separated by commas (this one has 1).\n未添加：模板需要该标题的 2 至 5 个关键词 ID，用逗号分隔（当前 1 个）。',
    );
    // Fixed by the admin: the Update step brings it back, and it is added.
    await patch(EntitySets.SubscriptionTemplate, one, { [T.KeywordIds]: '1,2' });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', one, 'Update'), deps)).toBe('added');
    expect(template(one)).toMatchObject({ [T.State]: RowSyncState.Synced, [T.FailureReason]: null });
    const unknown = dv.insert(EntitySets.SubscriptionTemplate, {
      [T.Name]: 'y',
      [T.Tid]: 9999,
      [T.KeywordIds]: '1,2',
      [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${ids.oa.account})`,
    });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', unknown), deps)).toBe('failed');
    expect(String(template(unknown)[T.FailureReason])).toMatch(/^Not added: WeChat answered 200014: WeChat does not know the library title id/);
    expect(template(unknown)[T.State]).toBe(RowSyncState.Failed);
  });

  it('records the consent from the popup event, sends once to the follower who accepted, and writes the receipt', async () => {
    const t = await addTemplate('oa', 1001, '1,2');
    const task = await popup(DEMO.appid, t.wechatId, true);
    expect(await onConsentEvent(task, deps)).toBe('done');
    expect(await onConsentEvent(task, deps)).toBe('skipped'); // the same event again changes nothing
    expect(consents()).toHaveLength(1);
    expect(consents()[0]).toMatchObject({
      [K.ConsentStatus]: ConsentStatus.Accepted,
      [K.PopupScene]: PopupScene.Article,
      [K.ConsentSource]: ConsentSource.Popup,
      [K.WechatTemplateId]: t.wechatId,
      [`_${K.SubscriptionTemplateId}_value`]: t.id,
      [`_${K.FollowerId}_value`]: ids.oa.follower,
    });

    const id = newMessage('oa', t.id, VALUES, { [M.Page]: 'https://example.com/course/1' });
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', id), deps)).toBe('sent');
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', id), deps)).toBe('skipped');
    const sent = sends(DEMO.appid, 'message/subscribe/bizsend');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({
      touser: OPENID,
      template_id: t.wechatId,
      data: { thing1: { value: '高等数学' }, time2: { value: '2026年12月5日 15:00' } },
      page: 'https://example.com/course/1',
    });
    const row = message(id);
    expect(row).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Sent, [M.ErrorCode]: 0, [`_${M.OfficialAccountId}_value`]: ids.oa.account });
    expect(row[M.WechatMsgId]).toBe(String(Number('3075458461245000001'))); // as the JSON number reads

    await new Promise((r) => setTimeout(r, 60)); // the receipt comes shortly after the API answered
    expect(await onSentEvent(lastEvent(DEMO.appid, 'subscribe_msg_sent_event'), deps)).toBe('done');
    expect(message(id)).toMatchObject({
      [M.SentReason]: 'success',
      [M.ErrorCode]: 0,
      [M.DeliveryStatus]: DeliveryStatus.Sent,
      [M.WechatMsgId]: '3075458461245000001', // the receipt's exact digits
    });
  });

  it('refuses before WeChat: no consent, a value breaking its rule (the field named), bad JSON', async () => {
    const t = await addTemplate('oa', 1002, '1,5');
    const noConsent = newMessage('oa', t.id, { thing1: '试听课', phrase5: '已确认' });
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', noConsent), deps)).toBe('refused');
    expect(String(message(noConsent)[M.FailureReason])).toMatch(/^Not sent: the follower has not accepted this template/);
    await onConsentEvent(await popup(DEMO.appid, t.wechatId, true), deps);
    const badValue = newMessage('oa', t.id, { thing1: '试听课', phrase5: 'OK!' });
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', badValue), deps)).toBe('refused');
    expect(message(badValue)[M.FailureReason]).toBe(
      'Not sent: phrase5 (预约状态) takes Chinese characters only (no digits, letters or punctuation).\n未发送：phrase5 (预约状态)只能填汉字（不能有数字、字母或标点）。',
    );
    const badJson = dv.insert(EntitySets.SubscriptionMessage, {
      [M.Name]: 'x',
      [M.Values]: '{thing1:',
      [`${SubscriptionMessage.navigation.SubscriptionTemplateId}@odata.bind`]: `/${EntitySets.SubscriptionTemplate}(${t.id})`,
      [`${SubscriptionMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${ids.oa.follower})`,
    });
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', badJson), deps)).toBe('refused');
    expect(message(badJson)[M.DeliveryStatus]).toBe(DeliveryStatus.Failed);
    expect(sends(DEMO.appid, 'message/subscribe/bizsend')).toHaveLength(0);
  });

  it('43101: the follower turned it off in WeChat; the consent becomes Rejected, logged as information', async () => {
    const t = await addTemplate('oa', 1001, '1,2');
    await onConsentEvent(await popup(DEMO.appid, t.wechatId, true), deps);
    // The follower turns it off; this relay never hears of it (say the event was lost), so Dataverse still says Accepted.
    await fetch(`${h.sim.url}/sim/subscribe/change`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, openid: OPENID, templateId: t.wechatId }) });
    const id = newMessage('oa', t.id, VALUES);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', id), deps)).toBe('withdrawn');
    expect(message(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Failed, [M.ErrorCode]: 43101 });
    expect(consents()[0]).toMatchObject({ [K.ConsentStatus]: ConsentStatus.Rejected, [K.ConsentSource]: ConsentSource.SendRefused });
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
    // The change event, when it does arrive, is applied too (and is idempotent).
    expect(await onConsentEvent(lastEvent(DEMO.appid, 'subscribe_msg_change_event'), deps)).toBe('done');
    expect(consents()[0]).toMatchObject({ [K.ConsentStatus]: ConsentStatus.Rejected, [K.ConsentSource]: ConsentSource.Settings });
  });
});

describe('permission set 89', () => {
  beforeEach(() => setUp('1,2,3,7'));

  it('an Official Account without set 89 is refused on the row, in both languages', async () => {
    const id = dv.insert(EntitySets.SubscriptionTemplate, {
      [T.Name]: 'x',
      [T.Tid]: 1001,
      [T.KeywordIds]: '1,2',
      [`${SubscriptionTemplate.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${ids.oa.account})`,
    });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', id), deps)).toBe('refused');
    expect(String(template(id)[T.FailureReason])).toContain(
      'cannot use subscription notifications: permission set 89 (Subscription notifications) is not granted',
    );
    expect(String(template(id)[T.FailureReason])).toContain('未授予权限集 89（订阅通知）');
  });
});

describe('Mini Program subscribe messages', () => {
  beforeEach(() => setUp());

  it('one message per accept, with page, version and language; the next is refused before WeChat', async () => {
    const t = await addTemplate('mp', 2001, '1,2');
    expect(template(t.id)[T.Kind]).toBe(SubscriptionKind.MiniProgram);
    expect(await onConsentEvent(await popup(MP.appid, t.wechatId, true), deps)).toBe('done');
    expect(consents()[0]).toMatchObject({ [K.ConsentStatus]: ConsentStatus.Accepted, [K.PopupScene]: PopupScene.MiniProgram, [K.Remaining]: 1 });
    const values = { character_string1: 'SO20261204001', thing2: '保温杯' };
    const first = newMessage('mp', t.id, values, { [M.Page]: 'pages/order/detail?id=1', [M.MiniProgramState]: 472610001, [M.Lang]: 'zh_CN' });
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', first), deps)).toBe('sent');
    expect(sends(MP.appid, 'message/subscribe/send')[0]?.body).toMatchObject({ page: 'pages/order/detail?id=1', miniprogram_state: 'trial', lang: 'zh_CN' });
    expect(consents()[0]?.[K.Remaining]).toBe(0);
    const second = newMessage('mp', t.id, values);
    expect(await onSubscriptionMessageCreated(hint('wxm_subscriptionmessage', second), deps)).toBe('refused');
    expect(String(message(second)[M.FailureReason])).toMatch(/one-time subscriptions to this Mini Program template are used up/);
    expect(sends(MP.appid, 'message/subscribe/send')).toHaveLength(1);
  });
});

describe('templates synced and deleted, and the routes from the webhook and the event dispatcher', () => {
  beforeEach(() => setUp());

  it('Sync brings in a template the account already has and marks one WeChat no longer has; Delete removes it there and here', async () => {
    const kept = await addTemplate('oa', 1001, '1,2');
    const gone = await addTemplate('oa', 2002, '1,2');
    // In the MP console: one template added, one deleted.
    const before = (await (await fetch(`${h.sim.url}/sim/subscribe?appid=${DEMO.appid}`)).json()) as { templates: unknown[] };
    expect(before.templates).toHaveLength(2);
    await deps.wechat.deleteTemplate(DEMO.appid, gone.wechatId);
    const added = await deps.wechat.addTemplate(DEMO.appid, 2003, [1, 2, 4]);
    await patch(EntitySets.SubscriptionTemplate, kept.id, { [T.SyncRequestedOn]: new Date(NOW + 60_000).toISOString() });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', kept.id, 'Update'), deps)).toBe('synced');
    const rows = dv.rows(EntitySets.SubscriptionTemplate);
    const imported = rows.find((r) => r[T.WechatTemplateId] === added);
    expect(imported).toMatchObject({
      [T.Name]: '会员积分变动提醒',
      [T.LongTerm]: true,
      [T.State]: RowSyncState.Synced,
      [`_${T.OfficialAccountId}_value`]: ids.oa.account,
    });
    expect(JSON.parse(String(imported?.[T.Fields])).map((f: { key: string }) => f.key)).toEqual(['number1', 'number2', 'date4']);
    expect(template(gone.id)).toMatchObject({ [T.State]: RowSyncState.Failed });
    expect(String(template(gone.id)[T.FailureReason])).toMatch(/^WeChat no longer has this template/);
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', kept.id, 'Update'), deps)).toBe('skipped'); // synced since

    await patch(EntitySets.SubscriptionTemplate, kept.id, { [T.DeleteRequestedOn]: new Date(NOW).toISOString() });
    expect(await onSubscriptionTemplateSaved(hint('wxm_subscriptiontemplate', kept.id, 'Update'), deps)).toBe('deleted');
    expect(template(kept.id)).toEqual({});
    const held = (await (await fetch(`${h.sim.url}/sim/subscribe?appid=${DEMO.appid}`)).json()) as { templates: Array<{ templateId: string }> };
    expect(held.templates.map((t) => t.templateId)).toEqual([added]);
  });

  it('a Create posted to the webhook is queued and routed to the sender; the consent event goes through the dispatcher', async () => {
    const t = await addTemplate('oa', 1001, '1,2');
    const task = await popup(DEMO.appid, t.wechatId, true);
    expect(await dispatchWechatEvent(task, { subscriptions: deps, logger } as unknown as TaskDeps)).toBe('done');
    const id = newMessage('oa', t.id, VALUES);
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const accept = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger };
    const post = (message: string, entity: string) =>
      acceptHint(
        JSON.stringify({ MessageName: message, PrimaryEntityName: entity, PrimaryEntityId: id, OrganizationId: dv.organizationId, InputParameters: [] }),
        keys.keyFor(dv.organizationId),
        accept,
      );
    expect(await post('Create', 'wxm_subscriptionmessage')).toBe('queued');
    expect(await post('Update', 'wxm_subscriptionmessage')).toBe('ignored');
    expect(await post('Create', 'wxm_subscriptionconsent')).toBe('ignored');
    const [queued] = tasks.drain();
    expect(await handleRelayTask(queued!, { subscriptions: deps, logger } as unknown as TaskDeps)).toBe('done');
    expect(message(id)[M.DeliveryStatus]).toBe(DeliveryStatus.Sent);
  });
});

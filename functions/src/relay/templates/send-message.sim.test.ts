/**
 * Sending template messages from rows, against the WeChat simulator and the Dataverse emulator: what is sent (once,
 * with the row's client_msg_id), what is written back, TEMPLATESENDJOBFINISH turning Sent into Delivered or Failed
 * (and `failed:user block` suppressing the follower), and what is refused before WeChat is called, with the reason.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeliveryStatus, EntitySets, Follower, Template, TemplateMessage } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startWorld, OPENID, type World } from '@wxm/testkit/kit/relay/template-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { dispatchWechatEvent } from '../events/dispatch.js';
import type { TaskDeps } from '../tasks/handle-task.js';
import { applyEarlyResult, onTemplateSendJobFinish } from './job-finished.js';
import { clientMsgIdOf, onTemplateMessageCreated } from './send-message.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());
let w: World;
afterEach(async () => {
  await w.close();
});

const M = TemplateMessage.columns;
const SET = TemplateMessage.entitySetName;
const bind = (nav: string, set: string, id: string) => ({ [`${nav}@odata.bind`]: `/${set}(${id})` });

/** A synced template of the demo account: the simulator holds it, the row carries its id and fields. */
function syncedTemplate(): string {
  const t = w.h.sim.addTemplate(DEMO.appid, 'OPENTM417958215', ['工单编号', '处理结果']);
  return w.template({
    [Template.columns.Name]: t.title,
    [Template.columns.WechatTemplateId]: t.templateId,
    [Template.columns.Content]: t.content,
    [Template.columns.Fields]: JSON.stringify([
      { key: 'character_string1', label: '工单编号' },
      { key: 'thing2', label: '处理结果' },
    ]),
  });
}
const values = (v: Record<string, unknown> = { character_string1: 'CAS-01234-A1B2C3', thing2: '已解决' }) => ({ [M.Values]: JSON.stringify(v) });
const toFollower = (followerId: string) => bind(TemplateMessage.navigation.FollowerId, EntitySets.Follower, followerId);
const ofTemplate = (templateId: string) => bind(TemplateMessage.navigation.TemplateId, EntitySets.Template, templateId);
const stored = (id: string) => w.row(SET, id);
const reason = (id: string) => String(stored(id)[M.FailureReason] ?? '');
const sends = () => w.h.sim.sent(DEMO.appid).filter((s) => s.api === 'message/template/send');

describe('a template message row is sent once and its result written back', () => {
  it('to a follower: Sent with the msgid, the link and client_msg_id from the row; TEMPLATESENDJOBFINISH success → Delivered (twice: same values)', async () => {
    w = await startWorld(emulators);
    const follower = await w.follower();
    const id = w.message({
      ...ofTemplate(syncedTemplate()),
      ...toFollower(follower),
      ...values(),
      [M.Url]: 'https://contoso.crm5.dynamics.com/main.aspx?etn=incident&id=6f1c',
      [M.Regarding]: 'incident:6f1c',
    });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('sent');
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('skipped');
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.body).toMatchObject({
      touser: OPENID,
      client_msg_id: clientMsgIdOf(id),
      url: 'https://contoso.crm5.dynamics.com/main.aspx?etn=incident&id=6f1c',
    });
    const [delivered] = w.h.sim.templateDeliveries(DEMO.appid);
    expect(delivered?.shown).toEqual({ character_string1: 'CAS-01234-A1B2C3', thing2: '已解决' });
    expect(stored(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Sent, [M.WechatMsgId]: String(delivered?.msgid), [M.FailureReason]: null });

    await expect.poll(() => w.jobEvents().length).toBe(1);
    const [event] = w.jobEvents();
    const taskDeps = { templates: w.deps, logger: w.logger } as unknown as TaskDeps;
    expect(await dispatchWechatEvent(event!, taskDeps)).toBe('done');
    expect(await dispatchWechatEvent(event!, taskDeps)).toBe('done');
    expect(stored(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Delivered, [M.SentReason]: 'success' });
  });

  it('to a contact bound to a follower (wxm_binding); failed:user block → Failed and the follower blocked; the next one is refused without a call', async () => {
    w = await startWorld(emulators);
    const follower = await w.follower();
    const contact = w.dv.insert('contacts', { firstname: 'Mei', lastname: 'Li' });
    w.dv.insert(EntitySets.Binding, {
      wxm_name: 'Mei ↔ WeChat',
      ...bind('wxm_FollowerId', EntitySets.Follower, follower),
      ...bind('wxm_ContactId', 'contacts', contact),
      wxm_source: 'qr:test',
    });
    w.h.sim.setTemplateBlock(DEMO.appid, OPENID, true);
    const template = syncedTemplate();
    const id = w.message({ ...ofTemplate(template), ...bind(TemplateMessage.navigation.ContactId, 'contacts', contact), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('sent');
    expect(stored(id)[`_${M.FollowerId}_value`]).toBe(follower);
    await expect.poll(() => w.jobEvents().length).toBe(1);
    expect(await onTemplateSendJobFinish(w.jobEvents()[0]!, w.deps)).toBe('recorded');
    expect(stored(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Failed, [M.SentReason]: 'failed:user block' });
    expect(reason(id)).toBe(
      'Not delivered: the follower blocks template messages from this account ("failed:user block"); no template message is sent to them again.\n未送达：该粉丝已拒收此公众号的模板消息（“failed:user block”）；此后不再向其发送模板消息。',
    );
    expect(w.row(EntitySets.Follower, follower)[Follower.columns.TemplateBlocked]).toBe(true);

    const next = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', next), w.deps)).toBe('refused');
    expect(reason(next)).toMatch(/^Not sent: the follower blocks template messages from this account/);
    expect(sends()).toHaveLength(1);
  });

  it('a mini program page instead of the link (WeChat opens the mini program when both are given)', async () => {
    w = await startWorld(emulators);
    const id = w.message({
      ...ofTemplate(syncedTemplate()),
      ...toFollower(await w.follower()),
      ...values(),
      [M.Url]: 'https://contoso.example.com/case/1',
      [M.MiniProgramAppId]: 'wxm1n1pr0gram00001',
      [M.MiniProgramPagePath]: 'pages/case/index?id=1',
    });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('sent');
    expect(w.h.sim.templateDeliveries(DEMO.appid)[0]).toMatchObject({
      url: 'https://contoso.example.com/case/1',
      miniprogram: { appid: 'wxm1n1pr0gram00001', pagepath: 'pages/case/index?id=1' },
    });
  });

  it('two hints at once send once; a send left Sending (answer lost) is sent again with the same client_msg_id and gets the first msgid', async () => {
    w = await startWorld(emulators);
    const follower = await w.follower();
    const template = syncedTemplate();
    const id = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values() });
    const outcomes = await Promise.all([1, 2, 3].map(() => onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)));
    expect(outcomes.sort()).toEqual(['sent', 'skipped', 'skipped']);
    expect(w.h.sim.templateDeliveries(DEMO.appid)).toHaveLength(1);

    // An earlier attempt reached WeChat and then lost its answer: the row is Sending, without a msgid.
    const lost = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values(), [M.DeliveryStatus]: DeliveryStatus.Sending });
    const wechatId = String(w.row(EntitySets.Template, template)[Template.columns.WechatTemplateId]);
    const first = await w.deps.wechat.send(DEMO.appid, { touser: OPENID, templateId: wechatId, data: { thing2: '已解决' }, clientMsgId: clientMsgIdOf(lost) });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', lost), w.deps)).toBe('sent');
    expect(stored(lost)[M.WechatMsgId]).toBe(first);
    expect(w.h.sim.templateDeliveries(DEMO.appid)).toHaveLength(2);
  });

  it('a result that comes before the msgid is on the row is kept, then applied by the send', async () => {
    w = await startWorld(emulators);
    const early = { v: 1, type: 'wechat-event', appid: DEMO.appid, event: 'TEMPLATESENDJOBFINISH', receivedAt: 0 } as const;
    const raw = (msgid: string) =>
      `<xml><ToUserName>gh_d3m0acc0un7a</ToUserName><FromUserName>${OPENID}</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>${msgid}</MsgID><Status>failed: system failed</Status></xml>`;
    expect(await onTemplateSendJobFinish({ ...early, raw: raw('777') }, w.deps)).toBe('kept');
    const id = w.message({ ...ofTemplate(syncedTemplate()), [M.WechatMsgId]: '777', [M.DeliveryStatus]: DeliveryStatus.Sent });
    const access = (await w.deps.orgs.open(w.dv.organizationId))!;
    await applyEarlyResult(access.org, DEMO.appid, '777', id, await w.follower(), w.deps);
    expect(stored(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Failed, [M.SentReason]: 'failed: system failed' });
    expect(reason(id)).toMatch(/^Not delivered: WeChat reported "failed: system failed"/);
    expect(await onTemplateSendJobFinish({ ...early, raw: '<xml><MsgType>event</MsgType><Status>success</Status></xml>' }, w.deps)).toBe('skipped');
  });
});

describe('under the shipped roles', () => {
  it('an Operator creates the row; the relay, holding only the Wechat Marketing Relay role, sends it, records the result and blocks the follower', async () => {
    w = await startWorld(emulators, { shippedRoles: true });
    const follower = await w.follower();
    w.h.sim.setTemplateBlock(DEMO.appid, OPENID, true);
    const created = (await w.operator!.create({
      collection: SET,
      data: { [M.Name]: 'From an operator', ...ofTemplate(syncedTemplate()), ...toFollower(follower), ...values() },
      returnRepresentation: true,
    })) as Record<string, unknown>;
    const id = String(created[M.Id]);
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('sent');
    await expect.poll(() => w.jobEvents().length).toBe(1);
    expect(await onTemplateSendJobFinish(w.jobEvents()[0]!, w.deps)).toBe('recorded');
    expect(stored(id)).toMatchObject({ [M.DeliveryStatus]: DeliveryStatus.Failed, [M.SentReason]: 'failed:user block' });
    expect(w.row(EntitySets.Follower, follower)[Follower.columns.TemplateBlocked]).toBe(true);
    const templates = (await w.operator!.retrieveMultiple({ collection: EntitySets.Template, select: [Template.columns.Id] })).value;
    expect(templates).toHaveLength(1);
    // Operators send; managing templates is the Administrators'.
    await expect(w.operator!.deleteRecord({ collection: EntitySets.Template, key: String(templates[0]![Template.columns.Id]) })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('refused on the row before WeChat is called', () => {
  it('values that break the 2023 rules name the field; JSON that is not an object; no recipient; two recipients', async () => {
    w = await startWorld(emulators);
    const follower = await w.follower();
    const template = syncedTemplate();
    const long = w.message({
      ...ofTemplate(template),
      ...toFollower(follower),
      ...values({ character_string1: 'CAS-1', thing2: '已解决，感谢您的耐心等待，如有问题请随时联系我们' }),
    });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', long), w.deps)).toBe('refused');
    expect(reason(long)).toBe(
      'Not sent: WeChat would change or drop these values (rules since 2023-05-04):\n- "处理结果" (thing2): at most 20 characters (since 2023-05-04); this value has 24.\n未发送：以下内容会被微信修改或丢弃（2023-05-04 起的规则）：\n- “处理结果”（thing2）：自 2023-05-04 起每个字段最多 20 个字符，当前 24 个。',
    );
    const first = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values({ first: '您好', character_string1: 'CAS-1', thing2: '已解决' }) });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', first), w.deps)).toBe('refused');
    expect(reason(first)).toContain('first: WeChat no longer shows the first and remark fields (since 2023-05-04); leave it out.');
    const notJson = w.message({ ...ofTemplate(template), ...toFollower(follower), [M.Values]: '["CAS-1"]' });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', notJson), w.deps)).toBe('refused');
    expect(reason(notJson)).toMatch(/^Not sent: Values must be JSON/);
    const nobody = w.message({ ...ofTemplate(template), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', nobody), w.deps)).toBe('refused');
    expect(reason(nobody)).toBe(
      'Not sent: choose a follower, or a contact, lead or user bound to one.\n未发送：请选择粉丝，或已绑定粉丝的联系人、潜在顾客或用户。',
    );
    const contact = w.dv.insert('contacts', { lastname: 'Li' });
    const two = w.message({
      ...ofTemplate(template),
      ...toFollower(follower),
      ...bind(TemplateMessage.navigation.ContactId, 'contacts', contact),
      ...values(),
    });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', two), w.deps)).toBe('refused');
    const unbound = w.message({ ...ofTemplate(template), ...bind(TemplateMessage.navigation.ContactId, 'contacts', contact), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', unbound), w.deps)).toBe('refused');
    expect(reason(unbound)).toMatch(/^Not sent: the contact is not bound to a follower of this Official Account/);
    expect(sends()).toHaveLength(0);
    expect([long, first, notJson, nobody, two, unbound].map((id) => stored(id)[M.DeliveryStatus])).toEqual(Array(6).fill(DeliveryStatus.Failed));
  });

  it("a template of another account (40037 explained), a follower who left (43004), a subscription account, the day's quota", async () => {
    w = await startWorld(emulators, { dailyQuota: 1 });
    const follower = await w.follower();
    const template = syncedTemplate();
    const other = w.dv.insert(EntitySets.OfficialAccount, { wxm_appid: 'wx0therservice0001', wxm_name: 'Other' });
    const mixed = w.message({
      ...ofTemplate(template),
      ...toFollower(follower),
      ...values(),
      ...bind(TemplateMessage.navigation.OfficialAccountId, EntitySets.OfficialAccount, other),
    });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', mixed), w.deps)).toBe('refused');
    expect(reason(mixed)).toMatch(/^Not sent: the template belongs to another Official Account \(WeChat answers 40037/);
    // A template id WeChat does not hold for this account (deleted in the MP console): WeChat's 40037, explained.
    const stale = w.template({
      [Template.columns.WechatTemplateId]: 'GoneFromWeChat000000000000000000000000000000',
      [Template.columns.Fields]: '[{"key":"thing2"}]',
    });
    const staleMsg = w.message({ ...ofTemplate(stale), ...toFollower(follower), ...values({ thing2: '已解决' }) });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', staleMsg), w.deps)).toBe('failed');
    expect(reason(staleMsg)).toBe(
      "Not sent: the template id is not one of this Official Account's templates (40037); sync the templates and choose one of this account.\n未发送：该模板 ID 不属于此公众号（40037）；请同步模板并选择此公众号的模板。",
    );
    const ok = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', ok), w.deps)).toBe('sent');
    const overQuota = w.message({ ...ofTemplate(template), ...toFollower(follower), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', overQuota), w.deps)).toBe('refused');
    expect(reason(overQuota)).toMatch(/^Not sent: the account reached today's template message quota \(1 a day, Beijing time\)/);
    const left = await w.follower('oTemplateFollowerLeft0000001', { [Follower.columns.Subscribed]: false });
    const toLeft = w.message({ ...ofTemplate(template), ...toFollower(left), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', toLeft), w.deps)).toBe('refused');
    expect(reason(toLeft)).toMatch(/^Not sent: the follower no longer follows the Official Account \(WeChat answers 43004\)/);
  });

  it('a subscription account cannot send template messages (said with the account form’s words)', async () => {
    w = await startWorld(emulators, { service: false });
    const id = w.message({ ...ofTemplate(syncedTemplate()), ...toFollower(await w.follower()), ...values() });
    expect(await onTemplateMessageCreated(w.hint('wxm_templatemessage', id), w.deps)).toBe('refused');
    expect(reason(id)).toBe(
      'Not sent: this Official Account cannot send template messages: WeChat gives it to service accounts only.\n未发送：该公众号无法发送模板消息：微信仅向服务号开放。',
    );
    expect(sends()).toHaveLength(0);
  });
});

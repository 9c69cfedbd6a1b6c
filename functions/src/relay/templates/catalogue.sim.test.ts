/**
 * The template catalogue against the WeChat simulator and the Dataverse emulator: Sync templates on the account,
 * adding from the category library by short id and keyword names, deleting in WeChat when the row is deleted, and a
 * template message hint travelling through acceptHint and the relay-tasks router.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeliveryStatus, EntitySets, OfficialAccount, RowSyncState, Template, TemplateMessage } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { startWorld, type World } from '@wxm/testkit/kit/relay/template-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { RelayTask } from '../envelope.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import { onTemplateHint } from './template-hint.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());
let w: World;
afterEach(async () => {
  await w.close();
});

const T = Template.columns;
const A = OfficialAccount.columns;
const templates = () => w.dv.rows(EntitySets.Template);
const account = () => w.row(EntitySets.OfficialAccount, w.accountId);
const requestSync = async (at: string) => {
  const access = (await w.deps.orgs.open(w.dv.organizationId))!;
  await access.org.update(EntitySets.OfficialAccount, w.accountId, { [A.TemplateSyncRequestedOn]: at });
  return onTemplateHint(w.hint('wxm_officialaccount', w.accountId, 'Update'), w.deps);
};

describe('Sync templates', () => {
  it("brings WeChat's templates in with their fields, once per request; a template deleted in the MP console is marked", async () => {
    w = await startWorld(emulators);
    const kept = w.h.sim.addTemplate(DEMO.appid, 'OPENTM417958215', ['工单编号', '问题描述', '处理结果']);
    const dropped = w.h.sim.addTemplate(DEMO.appid, 'OPENTM411147560', ['预约项目', '预约时间']);
    expect(await onTemplateHint(w.hint('wxm_officialaccount', w.accountId, 'Update'), w.deps)).toBe('skipped');
    expect(await requestSync('2026-12-04T08:00:00Z')).toBe('done');
    expect(await onTemplateHint(w.hint('wxm_officialaccount', w.accountId, 'Update'), w.deps)).toBe('skipped');
    const rows = templates().sort((a, b) => String(a[T.Name]).localeCompare(String(b[T.Name])));
    expect(rows.map((r) => [r[T.Name], r[T.WechatTemplateId], r[T.State], r[T.PrimaryIndustry]])).toEqual([
      ['服务工单处理结果通知', kept.templateId, RowSyncState.Synced, '商业服务'],
      ['预约成功通知', dropped.templateId, RowSyncState.Synced, '商业服务'],
    ]);
    expect(JSON.parse(String(rows[0]![T.Fields]))).toEqual([
      { key: 'character_string1', label: '工单编号' },
      { key: 'thing2', label: '问题描述' },
      { key: 'thing3', label: '处理结果' },
    ]);
    expect(account()[A.TemplateSyncResult]).toBe(
      'Templates synced from WeChat: 2 new, 0 brought up to date, 0 no longer in WeChat.\n已从微信同步模板：新增 2 个，更新 0 个，0 个在微信中已不存在。',
    );

    await w.deps.wechat.remove(DEMO.appid, dropped.templateId);
    expect(await requestSync('2026-12-04T09:00:00Z')).toBe('done');
    expect(templates()).toHaveLength(2);
    const gone = templates().find((r) => r[T.WechatTemplateId] === dropped.templateId)!;
    expect([gone[T.State], String(gone[T.FailureReason]).split('\n')[0]]).toEqual([
      RowSyncState.Failed,
      'No longer in WeChat: the template was deleted in the MP console. Delete this row; messages using it would be refused (40037).',
    ]);
    expect(account()[A.TemplateSyncResult]).toMatch(/^Templates synced from WeChat: 0 new, 1 brought up to date, 1 no longer in WeChat\./);
  });

  it('WeChat refusing the list is the answer on the row, not a retry', async () => {
    w = await startWorld(emulators);
    w.h.sim.failNext('template/get_all_private_template', 48001);
    expect(await requestSync('2026-12-04T08:00:00Z')).toBe('done');
    expect(account()).toMatchObject({
      [A.TemplateSyncDoneOn]: '2026-12-04T08:00:00Z',
      [A.TemplateSyncResult]:
        'Not synced: WeChat refused: the account lacks permission set 7 or is not a verified service account (48001).\n未同步：微信拒绝：该公众号未授予权限集 7，或不是已认证的服务号（48001）。',
    });
  });

  it('a subscription account is answered on the row, without calling WeChat', async () => {
    w = await startWorld(emulators, { service: false });
    expect(await requestSync('2026-12-04T08:00:00Z')).toBe('done');
    expect(account()[A.TemplateSyncResult]).toBe(
      'Not synced: this Official Account cannot use template messages: WeChat gives it to service accounts only.\n未同步：该公众号无法使用模板消息：微信仅向服务号开放。',
    );
    expect(w.h.sim.stats().apiCalls['template/get_all_private_template'] ?? 0).toBe(0);
  });
});

describe('add from the category library, delete', () => {
  it('a row with a short id and keyword names becomes a WeChat template; deleting the row deletes it in WeChat', async () => {
    w = await startWorld(emulators);
    const id = w.template({ [T.Name]: '发货', [T.ShortId]: ' OPENTM207498902 ', [T.KeywordNames]: '订单号\n快递公司\n快递单号' });
    expect(await onTemplateHint(w.hint('wxm_template', id), w.deps)).toBe('done');
    const [held] = w.h.sim.templates(DEMO.appid);
    expect(held?.content).toBe('订单号：{{character_string1.DATA}}\n快递公司：{{thing2.DATA}}\n快递单号：{{character_string3.DATA}}');
    expect(w.row(EntitySets.Template, id)).toMatchObject({
      [T.Name]: '订单发货通知',
      [T.WechatTemplateId]: held?.templateId,
      [T.State]: RowSyncState.Synced,
      [T.Content]: held?.content,
    });
    expect(await onTemplateHint(w.hint('wxm_template', id, 'Update'), w.deps)).toBe('skipped');

    expect(await onTemplateHint(w.hint('wxm_template', id, 'Delete'), w.deps)).toBe('skipped'); // the row is still there
    const access = (await w.deps.orgs.open(w.dv.organizationId))!;
    await access.org.delete(EntitySets.Template, id);
    expect(await onTemplateHint(w.hint('wxm_template', id, 'Delete'), w.deps)).toBe('done');
    expect(w.h.sim.templates(DEMO.appid)).toEqual([]);
  });

  it("WeChat's refusals and ours: unknown short id (40037), no keywords, 25 templates already", async () => {
    w = await startWorld(emulators);
    const unknown = w.template({ [T.ShortId]: 'OPENTM000000000', [T.KeywordNames]: '订单号' });
    expect(await onTemplateHint(w.hint('wxm_template', unknown), w.deps)).toBe('done');
    expect(w.row(EntitySets.Template, unknown)).toMatchObject({
      [T.State]: RowSyncState.Failed,
      [T.FailureReason]: 'Not added: WeChat does not know this library short id (40037).\n未添加：微信模板库中没有此模板编号（40037）。',
    });
    const bare = w.template({ [T.ShortId]: 'OPENTM207498902' });
    expect(await onTemplateHint(w.hint('wxm_template', bare), w.deps)).toBe('done');
    expect(String(w.row(EntitySets.Template, bare)[T.FailureReason])).toMatch(/^Not added: give 1 to 5 keyword names/);
    for (let i = 0; i < 25; i += 1) w.h.sim.addTemplate(DEMO.appid, 'OPENTM418053325', ['订单号']);
    const full = w.template({ [T.ShortId]: 'OPENTM207498902', [T.KeywordNames]: '订单号' });
    expect(await onTemplateHint(w.hint('wxm_template', full), w.deps)).toBe('done');
    expect(String(w.row(EntitySets.Template, full)[T.FailureReason])).toMatch(/^Not added: the account already has 25 templates/);
    expect(w.h.sim.stats().apiCalls['template/api_add_template']).toBe(1);
  });
});

describe('under the shipped Wechat Marketing Relay role', () => {
  it('Sync templates writes the rows and the account; adding from the library writes the template back', async () => {
    w = await startWorld(emulators, { shippedRoles: true });
    w.h.sim.addTemplate(DEMO.appid, 'OPENTM417958215', ['工单编号', '处理结果']);
    expect(await requestSync('2026-12-04T08:00:00Z')).toBe('done');
    expect(String(account()[A.TemplateSyncResult])).toMatch(/^Templates synced from WeChat: 1 new,/);
    const id = w.template({ [T.ShortId]: 'OPENTM411147560', [T.KeywordNames]: '预约项目\n预约时间' });
    expect(await onTemplateHint(w.hint('wxm_template', id), w.deps)).toBe('done');
    expect(w.row(EntitySets.Template, id)).toMatchObject({ [T.Name]: '预约成功通知', [T.State]: RowSyncState.Synced });
  });
});

describe('through the webhook and the relay-tasks router', () => {
  it('a template message Create is queued, routed and sent', async () => {
    w = await startWorld(emulators);
    const held = w.h.sim.addTemplate(DEMO.appid, 'OPENTM417958215', ['处理结果']);
    const template = w.template({ [T.WechatTemplateId]: held.templateId, [T.Fields]: '[{"key":"thing1","label":"处理结果"}]' });
    const follower = await w.follower();
    const id = w.message({
      [`${TemplateMessage.navigation.TemplateId}@odata.bind`]: `/${EntitySets.Template}(${template})`,
      [`${TemplateMessage.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${follower})`,
      [TemplateMessage.columns.Values]: '{"thing1":"已解决"}',
    });
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const post = (table: string, rowId: string) =>
      acceptHint(
        JSON.stringify({ MessageName: 'Create', PrimaryEntityName: table, PrimaryEntityId: rowId, OrganizationId: w.dv.organizationId, InputParameters: [] }),
        keys.keyFor(w.dv.organizationId),
        { tasks, secretBox: w.secretBox, webhookKeys: keys, logger: w.logger },
      );
    expect(await post('wxm_templatemessage', id)).toBe('queued');
    const [task] = tasks.drain();
    expect(await handleRelayTask(task!, { templates: w.deps, logger: w.logger } as unknown as TaskDeps)).toBe('done');
    expect(w.row(TemplateMessage.entitySetName, id)[TemplateMessage.columns.DeliveryStatus]).toBe(DeliveryStatus.Sent);
  });
});

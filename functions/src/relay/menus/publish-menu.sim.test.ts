/**
 * Publish and Import on wxm_menu rows, against the WeChat simulator (the menu APIs over HTTP through the real
 * client) and the Dataverse emulator (the real gateway, the org reached through the Signed Service registry): what
 * is written back, what is refused before WeChat is called (in both languages), WeChat's own refusals, conditional
 * menus by tag with the last tag winning, and that a request is handled once however often its hint comes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Menu, MenuState, OfficialAccount, Tag } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createMenuApi } from '../../wechat/official-account/menu.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { RelayTask } from '../envelope.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { acceptHint } from '../webhook/accept-hint.js';
import type { DataverseHint } from '../webhook/hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { MenuDeps } from './menu-deps.js';
import { onMenuDeleted } from './menu-deleted.js';
import { onMenuHint } from './publish-menu.js';
import { menuWechat } from './wiring.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const C = Menu.columns;
const NOW = Date.parse('2026-12-04T08:00:00Z');
let h: Harness;
let dv: DataverseEmulator;
let accountId: string;
let deps: MenuDeps;
let token: string;
let clock: ManualClock;

beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  for (const openid of ['oA', 'oB', 'oC']) await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
  dv = await emulators.start({ schema: bindingTestSchema });
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Demo' });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 5).toString('base64'));
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
  clock = new ManualClock(NOW);
  const api = createMenuApi(createWechatApiClient({ baseUrl: h.sim.url }));
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    wechat: menuWechat(api, { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
});
afterEach(async () => {
  await h.close();
});

const hint = (rowId: string): DataverseHint => ({ message: 'Update', table: 'wxm_menu', rowId, organizationId: dv.organizationId, attributes: {} });
const stamp = () => new Date(clock.now()).toISOString();
const menuRow = (definition: unknown, fields: Record<string, unknown> = {}) =>
  dv.insert(EntitySets.Menu, {
    [C.Name]: 'Spring menu',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    [C.Definition]: JSON.stringify(definition),
    [C.PublishRequestedOn]: stamp(),
    ...fields,
  });
const patch = (id: string, data: Record<string, unknown>) => gatewayFor(dv).open(credentialsFor(dv)).update(EntitySets.Menu, id, data);
const stored = (id: string) => dv.rows(EntitySets.Menu).find((r) => r[C.Id] === id) ?? {};
const seen = async (openid: string) => (await (await fetch(`${h.sim.url}/sim/menu?appid=${DEMO.appid}&openid=${openid}`)).json()) as Record<string, unknown>;
const wechat = (path: string, body?: unknown) => callApi(h.sim, path, { access_token: token }, body);
const calls = (api: string) => h.sim.stats().apiCalls[api] ?? 0;
const tagRow = async (name: string, openids: string[]) => {
  const { tag } = await wechat('tags/create', { tag: { name } });
  await wechat('tags/members/batchtagging', { openid_list: openids, tagid: tag.id });
  return dv.insert(EntitySets.Tag, {
    [Tag.columns.Name]: name,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    [Tag.columns.WechatTagId]: tag.id,
  });
};

const DEFAULT = [
  { type: 'click', name: '今日优惠', key: 'TODAY' },
  { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://www.example.com/' }] },
];
const VIP = [{ type: 'view', name: 'VIP 专享', url: 'https://vip.example.com/' }];

describe('publish', () => {
  it('publishes the default menu with menu/create and writes Published back; a repeated hint publishes nothing more', async () => {
    const id = menuRow(DEFAULT);
    expect(await onMenuHint(hint(id), deps)).toBe('published');
    expect(stored(id)).toMatchObject({
      [C.State]: MenuState.Published,
      [C.PublishedOn]: '2026-12-04T08:00:00Z',
      [C.FailureReason]: null,
      [C.WechatMenuId]: null,
    });
    expect(await wechat('menu/get')).toEqual({ menu: { button: DEFAULT } });
    expect(await onMenuHint(hint(id), deps)).toBe('skipped');
    expect(calls('menu/create')).toBe(1);
    expect((await seen('oA')).button).toEqual(DEFAULT);
  });

  it('a hint naming another org, or a row id this org does not hold, publishes nothing and calls WeChat for nothing', async () => {
    const id = menuRow(DEFAULT);
    expect(await onMenuHint({ ...hint(id), organizationId: randomUUID() }, deps)).toBe('skipped');
    expect(await onMenuHint(hint(randomUUID()), deps)).toBe('skipped');
    expect(calls('menu/create')).toBe(0);
    expect(stored(id)[C.State] ?? null).not.toBe(MenuState.Published);
  });

  it('refuses a menu over the limits on the row, English then Chinese, and never calls WeChat', async () => {
    const id = menuRow([
      { type: 'click', name: '这个名字太长了啊', key: 'K' },
      { name: 'More', sub_button: [{ type: 'view', name: 'Site' }] },
    ]);
    expect(await onMenuHint(hint(id), deps)).toBe('refused');
    expect(stored(id)[C.State]).toBe(MenuState.Failed);
    expect(stored(id)[C.FailureReason]).toBe(
      [
        'Button 1: "这个名字太长了啊" is 24 bytes; WeChat takes at most 16 (a Chinese character is 3).',
        'Button 2, sub-button 1 needs a web address.',
        '第 1 个菜单：“这个名字太长了啊”为 24 个字节，微信最多 16 个字节（一个汉字占 3 个字节）。',
        '第 2 个菜单的第 1 个子菜单缺少网页地址。',
      ].join('\n'),
    );
    expect(calls('menu/create')).toBe(0);
    // Fixed and published again: a new request.
    clock.advance(60_000);
    await patch(id, { [C.Definition]: JSON.stringify(DEFAULT), [C.PublishRequestedOn]: stamp() });
    expect(await onMenuHint(hint(id), deps)).toBe('published');
  });

  it('checks the 1,000 creations a day before calling WeChat, and explains 45009 when WeChat counts first', async () => {
    deps = { ...deps, creationsPerDay: 1 };
    expect(await onMenuHint(hint(menuRow(DEFAULT)), deps)).toBe('published');
    const second = menuRow(DEFAULT);
    expect(await onMenuHint(hint(second), deps)).toBe('refused');
    expect(String(stored(second)[C.FailureReason])).toMatch(/^The account already published 1 menus today/);
    expect(calls('menu/create')).toBe(1);
    deps = { ...deps, creationsPerDay: 1000 };
    await fetch(`${h.sim.url}/sim/quota`, { method: 'POST', body: JSON.stringify({ api: 'menu/create', limit: 1 }) });
    expect(await onMenuHint(hint(second), deps)).toBe('skipped'); // handled already
    const third = menuRow(DEFAULT);
    expect(await onMenuHint(hint(third), deps)).toBe('failed');
    expect(stored(third)[C.FailureReason]).toBe(
      "WeChat's daily limit of menu publications is reached (45009): publish again tomorrow.\n已达到微信每日发布菜单的次数上限（45009）：请明天再发布。",
    );
  });
});

describe('conditional menus', () => {
  it('needs the default menu live first, then is added for the tag; the last tag wins for a follower with two', async () => {
    const vip = await tagRow('VIP', ['oA', 'oB']);
    const conditional = menuRow(VIP, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${vip})` });
    expect(await onMenuHint(hint(conditional), deps)).toBe('refused');
    expect(String(stored(conditional)[C.FailureReason])).toMatch(/^Publish the default menu first/);
    expect(calls('menu/addconditional')).toBe(0);

    expect(await onMenuHint(hint(menuRow(DEFAULT)), deps)).toBe('published');
    clock.advance(60_000);
    await patch(conditional, { [C.PublishRequestedOn]: stamp() });
    expect(await onMenuHint(hint(conditional), deps)).toBe('published');
    const menuid = stored(conditional)[C.WechatMenuId];
    expect(menuid).toMatch(/^\d+$/);
    expect((await seen('oA')).button).toEqual(VIP);
    expect((await seen('oC')).button).toEqual(DEFAULT);

    const gold = await tagRow('Gold', ['oB']);
    const GOLD = [{ type: 'click', name: 'Gold', key: 'GOLD' }];
    expect(await onMenuHint(hint(menuRow(GOLD, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${gold})` })), deps)).toBe('published');
    expect(await seen('oB')).toMatchObject({ source: 'conditional', button: GOLD });

    // Published again: a new conditional menu replaces the old one (WeChat has no edit).
    clock.advance(60_000);
    const VIP2 = [{ type: 'view', name: 'VIP 2', url: 'https://vip.example.com/2' }];
    await patch(conditional, { [C.Definition]: JSON.stringify(VIP2), [C.PublishRequestedOn]: stamp() });
    expect(await onMenuHint(hint(conditional), deps)).toBe('published');
    expect(stored(conditional)[C.WechatMenuId]).not.toBe(menuid);
    expect((await wechat('menu/get')).conditionalmenu.map((m: { menuid: number }) => String(m.menuid))).not.toContain(menuid);
    expect((await seen('oA')).button).toEqual(VIP2);
  });

  it('refuses a tag WeChat does not hold yet, a missing tag and more than 3 redirect domains', async () => {
    await onMenuHint(hint(menuRow(DEFAULT)), deps);
    const unsynced = dv.insert(EntitySets.Tag, {
      [Tag.columns.Name]: 'New',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    const a = menuRow(VIP, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${unsynced})` });
    expect(await onMenuHint(hint(a), deps)).toBe('refused');
    expect(String(stored(a)[C.FailureReason])).toMatch(/^The tag "New" is not in WeChat yet/);
    const b = menuRow(VIP, { [C.Conditional]: true });
    expect(await onMenuHint(hint(b), deps)).toBe('refused');
    expect(String(stored(b)[C.FailureReason])).toMatch(/^A conditional menu needs a tag/);
    const vip = await tagRow('VIP', ['oA']);
    const four = [{ name: 'Sites', sub_button: ['a', 'b', 'c', 'd'].map((d) => ({ type: 'view', name: d, url: `https://${d}.example.com/` })) }];
    const c = menuRow(four, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${vip})` });
    expect(await onMenuHint(hint(c), deps)).toBe('refused');
    expect(String(stored(c)[C.FailureReason]).split('\n')[0]).toBe(
      'A conditional menu may open pages of at most 3 domains; this one opens 4: a.example.com, b.example.com, c.example.com, d.example.com.',
    );
    expect(calls('menu/addconditional')).toBe(0);
  });
});

describe('import', () => {
  it('reads what is live, also a menu made in the MP console, and explains console-only buttons', async () => {
    const consoleMenu = [
      { type: 'text', name: '营业时间', value: '9:00-18:00' },
      { type: 'view', name: '官网', url: 'https://www.example.com/' },
    ];
    await fetch(`${h.sim.url}/sim/menu/console`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, button: consoleMenu }) });
    const id = menuRow([], { [C.PublishRequestedOn]: null, [C.ImportRequestedOn]: stamp() });
    expect(await onMenuHint(hint(id), deps)).toBe('imported');
    expect(JSON.parse(String(stored(id)[C.Definition]))).toEqual(consoleMenu);
    expect(stored(id)[C.State]).toBe(MenuState.Imported);
    expect(String(stored(id)[C.FailureReason]).split('\n')[0]).toBe(
      'Button 1 is a text reply made in the MP console, which the API cannot publish: make it a Click button and answer its key with an auto-reply rule.',
    );
    expect(await onMenuHint(hint(id), deps)).toBe('skipped');
    expect(calls('get_current_selfmenu_info')).toBe(1);
  });

  it('import then publish in one save publishes what was imported', async () => {
    await wechat('menu/create', { button: DEFAULT });
    const id = menuRow([], { [C.ImportRequestedOn]: stamp() });
    expect(await onMenuHint(hint(id), deps)).toBe('published');
    expect(JSON.parse(String(stored(id)[C.Definition]))).toEqual(DEFAULT);
    expect(stored(id)[C.State]).toBe(MenuState.Published);
  });
});

describe('through the webhook', () => {
  it('an Update hint of wxm_menu is queued (a request table), a Create is not, and relay-tasks publishes the row', async () => {
    const id = menuRow(DEFAULT);
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const logger = new RecordingLogger();
    const accept = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger };
    const post = (message: string) =>
      acceptHint(
        JSON.stringify({ MessageName: message, PrimaryEntityName: 'wxm_menu', PrimaryEntityId: id, OrganizationId: dv.organizationId, InputParameters: [] }),
        keys.keyFor(dv.organizationId),
        accept,
      );
    expect(await post('Update')).toBe('queued');
    expect(await post('Create')).toBe('ignored');
    const [task] = tasks.drain();
    expect(await handleRelayTask(task!, { menus: deps, logger } as unknown as TaskDeps)).toBe('done');
    expect(stored(id)[C.State]).toBe(MenuState.Published);
    expect(await handleRelayTask(task!, { menus: deps, logger } as unknown as TaskDeps)).toBe('skipped');
    // A Delete hint is queued too; relay-tasks routes it to the deleted-row use case (nothing conditional here).
    expect(await post('Delete')).toBe('queued');
    const [deleted] = tasks.drain();
    expect(await handleRelayTask(deleted!, { menus: deps, logger } as unknown as TaskDeps)).toBe('skipped');
  });
});

describe('deleted rows', () => {
  it('deleting a conditional menu row deletes its menu in WeChat; a default menu row leaves WeChat alone', async () => {
    const defaultRow = menuRow(DEFAULT);
    await onMenuHint(hint(defaultRow), deps);
    const vip = await tagRow('VIP', ['oA']);
    const conditional = menuRow(VIP, { [C.Conditional]: true, 'wxm_TagId@odata.bind': `/${EntitySets.Tag}(${vip})` });
    expect(await onMenuHint(hint(conditional), deps)).toBe('published');
    expect((await seen('oA')).source).toBe('conditional');
    const gone = (rowId: string): DataverseHint => ({ message: 'Delete', table: 'wxm_menu', rowId, organizationId: dv.organizationId, attributes: {} });
    expect(await onMenuDeleted(gone(conditional), deps)).toBe('deleted');
    expect(await seen('oA')).toMatchObject({ source: 'default', button: DEFAULT });
    expect(await onMenuDeleted(gone(conditional), deps)).toBe('skipped');
    expect(await onMenuDeleted(gone(defaultRow), deps)).toBe('skipped');
    expect(calls('menu/delete')).toBe(0);
    expect(calls('menu/delconditional')).toBe(1);
  });
});

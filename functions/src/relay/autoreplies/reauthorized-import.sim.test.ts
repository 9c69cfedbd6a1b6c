/**
 * The MP console's auto replies and live menu imported again when a bound account authorizes once more, against
 * the WeChat simulator and the Dataverse emulator: re-authorization refreshes the account row and queues
 * 'account-authorized-again'; the task imports what the console gained since, and nothing imported before — not a
 * rule an imported row still holds, nor one an admin deleted or renamed since, nor the same menu buttons twice.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoReply, AutoReplyKind, EntitySets, Menu, MenuState } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { REALISTIC_CONSOLE_RULES, type ConsoleRules } from '../../../../test/emulators/wechat/apis/autoreply.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createMenuApi } from '../../wechat/official-account/menu.js';
import { refreshBoundAccount } from '../authorization/refresh-bound.js';
import type { RelayTask } from '../envelope.js';
import type { AuthorizerRecord, Queue } from '../ports/storage.js';
import { menuWechat } from '../menus/wiring.js';
import type { MenuDeps } from '../menus/menu-deps.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import type { ConsoleImportDeps } from './import-console.js';
import { RuleCache } from './rule-cache.js';
import { RuleStore } from './rule-store.js';

const C = AutoReply.columns;
const M = Menu.columns;
let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let registry: MemorySignedServiceRegistry;
let secretBox: AesGcmSecretBox;
let autoreplies: ConsoleImportDeps;
let menus: MenuDeps;
let queued: RelayTask[];
let tasks: Queue<RelayTask>;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const token = (await authorizerTokens(h.sim)).accessToken;
  const tokens = { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) };
  secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(tenant.dv);
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: 'Global',
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: h.clock.now(),
  });
  await registry.bind(DEMO.appid, { organizationId, signedServiceId, officialAccountId });
  const kv = new MemoryKeyValueStore(h.clock);
  const orgs = registryOrgs({ registry, gateway: gatewayFor(tenant.dv), secretBox });
  const client = createWechatApiClient({ baseUrl: h.sim.url });
  const logger = new RecordingLogger();
  autoreplies = { orgs, store: new RuleStore(kv), cache: new RuleCache(new RuleStore(kv), h.clock), kv, wechat: { client, tokens }, clock: h.clock, logger };
  menus = { orgs, wechat: menuWechat(createMenuApi(client), tokens), kv, clock: h.clock, logger };
  queued = [];
  tasks = { enqueue: async (m) => void queued.push(m), depth: async () => queued.length };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

const authorizer = (over: Partial<AuthorizerRecord> = {}): AuthorizerRecord => ({
  appid: DEMO.appid,
  originalId: DEMO.originalId,
  nickName: DEMO.nickName,
  serviceType: 2,
  verifyType: 0,
  isMiniProgram: false,
  funcScopes: [1, 2, 3, 7, 15],
  status: 'authorized',
  authorizedAt: h.clock.now(),
  updatedAt: h.clock.now(),
  ...over,
});
/** Re-authorization as exchange-code.ts's onStored runs it, then the queued task through the relay-tasks router. */
async function authorizeAgain(): Promise<string[]> {
  expect(
    await refreshBoundAccount(authorizer(), { registry, gateway: gatewayFor(tenant.dv), secretBox, clock: h.clock, logger: new RecordingLogger(), tasks }),
  ).toBe('refreshed');
  const outcomes: string[] = [];
  for (const task of queued.splice(0)) outcomes.push(await handleRelayTask(task, { menus, autoreplies } as unknown as TaskDeps));
  return outcomes;
}
const rules = async () =>
  (await tenant.org.retrieveMultiple(EntitySets.AutoReply, { select: [C.Name, C.Kind, C.MatchMode, C.Imported] }))
    .map((r) => `${String(r[C.Name])}/${String(r[C.Kind])}/${String(r[C.MatchMode] ?? '')}`)
    .sort();
const menuRows = async () =>
  (await tenant.org.retrieveMultiple(EntitySets.Menu, { select: [M.Id, M.Definition, M.State] })).map((r) => ({
    definition: JSON.parse(String(r[M.Definition])) as unknown,
    state: r[M.State],
  }));
const setConsoleMenu = (button: unknown[]) =>
  fetch(`${h.sim.url}/sim/menu/console`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, button }) }).then((r) => expect(r.status).toBe(200));

describe('import on re-authorization', () => {
  it('queues one task for the bound org and account; a Mini Program or an unbound account queues none', async () => {
    await authorizeAgain();
    expect(
      await refreshBoundAccount(authorizer(), { registry, gateway: gatewayFor(tenant.dv), secretBox, clock: h.clock, logger: new RecordingLogger(), tasks }),
    ).toBe('refreshed');
    expect(queued).toEqual([
      { v: 1, type: 'account-authorized-again', organizationId: tenant.bound.organizationId, officialAccountId: tenant.bound.officialAccountId },
    ]);
    queued.length = 0;
    await refreshBoundAccount(authorizer({ isMiniProgram: true }), {
      registry,
      gateway: gatewayFor(tenant.dv),
      secretBox,
      clock: h.clock,
      logger: new RecordingLogger(),
      tasks,
    });
    await refreshBoundAccount(authorizer({ appid: 'wxn0tb0und00000000' }), {
      registry,
      gateway: gatewayFor(tenant.dv),
      secretBox,
      clock: h.clock,
      logger: new RecordingLogger(),
      tasks,
    });
    expect(queued).toEqual([]);
  });

  it("imports the console's new rules only: none imported twice, an imported rule an admin deleted is not brought back", async () => {
    const withoutNews: ConsoleRules = {
      ...REALISTIC_CONSOLE_RULES,
      keyword_autoreply_info: { list: REALISTIC_CONSOLE_RULES.keyword_autoreply_info!.list.filter((r) => r.rule_name === '营业时间') },
    };
    h.sim.setConsoleAutoReplies(DEMO.appid, withoutNews);
    expect(await authorizeAgain()).toEqual(['done']);
    const first = await rules();
    expect(first).toEqual(
      [
        `Default reply (MP console)/${AutoReplyKind.Default}/`,
        `Follow reply (MP console)/${AutoReplyKind.Follow}/`,
        '营业时间/472610001/472610000',
        '营业时间/472610001/472610001',
      ].sort(),
    );
    // The same console again: nothing new.
    expect(await authorizeAgain()).toEqual(['skipped']);
    expect(await rules()).toEqual(first);
    // An admin deletes the imported follow reply; the console gains the 新品 rule (and keeps the rest).
    const [follow] = await tenant.org.retrieveMultiple(EntitySets.AutoReply, { select: [C.Id], filter: `${C.Kind} eq ${AutoReplyKind.Follow}` });
    await tenant.org.delete(EntitySets.AutoReply, String(follow![C.Id]));
    h.sim.setConsoleAutoReplies(DEMO.appid, REALISTIC_CONSOLE_RULES);
    expect(await authorizeAgain()).toEqual(['done']);
    const names = (await rules()).map((r) => r.split('/')[0]);
    expect(names.filter((n) => n === 'Follow reply (MP console)')).toEqual([]);
    expect(names.filter((n) => n === '营业时间')).toHaveLength(2);
    expect(names.filter((n) => n === '新品')).toHaveLength(1);
    expect(names.filter((n) => n === '语音问候')).toHaveLength(1);
  });

  it('imports the live menu when it changed in the MP console, never the same buttons twice (also after an admin edited the imported row)', async () => {
    const first = [{ type: 'view', name: '官网', url: 'https://www.example.com/' }];
    await setConsoleMenu(first);
    expect(await authorizeAgain()).toEqual(['done']);
    expect(await menuRows()).toEqual([{ definition: first, state: MenuState.Imported }]);
    // An admin edits the imported row's buttons (not published): the same live menu is not imported beside it.
    const [row] = await tenant.org.retrieveMultiple(EntitySets.Menu, { select: [M.Id] });
    await tenant.org.update(EntitySets.Menu, String(row![M.Id]), { [M.Definition]: JSON.stringify([{ type: 'click', name: '联系', key: 'CONTACT' }]) });
    expect(await authorizeAgain()).toEqual(['skipped']);
    expect(await menuRows()).toHaveLength(1);
    // Changed in the console while the relay was away: the new buttons become a second Imported row.
    const second = [{ type: 'view', name: '商城', url: 'https://shop.example.com/' }];
    await setConsoleMenu(second);
    expect(await authorizeAgain()).toEqual(['done']);
    expect((await menuRows()).map((m) => m.definition)).toEqual([[{ type: 'click', name: '联系', key: 'CONTACT' }], second]);
  });
});

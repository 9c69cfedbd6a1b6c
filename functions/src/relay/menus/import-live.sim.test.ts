/**
 * At authorization the live menu (also one made in the MP console) becomes a wxm_menu row, once, against the WeChat
 * simulator and the Dataverse emulator.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Menu, MenuState, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createMenuApi } from '../../wechat/official-account/menu.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { DataverseHint } from '../webhook/hint.js';
import { IMPORTED_MENU_NAME, importLiveMenu } from './import-live.js';
import type { MenuDeps } from './menu-deps.js';
import { menuWechat } from './wiring.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());
const C = Menu.columns;
let h: Harness;
let dv: DataverseEmulator;
let accountId: string;
let deps: MenuDeps;

beforeEach(async () => {
  h = await startHarness();
  const token = (await authorizerTokens(h.sim, DEMO.appid)).accessToken;
  dv = await emulators.start({ schema: bindingTestSchema });
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Demo' });
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 6).toString('base64'));
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
    updatedAt: Date.now(),
  });
  await registry.bind(DEMO.appid, { organizationId: dv.organizationId, signedServiceId, officialAccountId: accountId });
  const clock = new ManualClock(Date.parse('2026-12-04T08:00:00Z'));
  deps = {
    orgs: registryOrgs({ registry, gateway: gatewayFor(dv), secretBox }),
    wechat: menuWechat(createMenuApi(createWechatApiClient({ baseUrl: h.sim.url })), {
      forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }),
    }),
    kv: new MemoryKeyValueStore(clock),
    clock,
    logger: new RecordingLogger(),
  };
});
afterEach(async () => {
  await h.close();
});

const hint = (): DataverseHint => ({ message: 'Create', table: 'wxm_officialaccount', rowId: accountId, organizationId: dv.organizationId, attributes: {} });
const CONSOLE = [
  { type: 'view', name: '官网', url: 'https://www.example.com/' },
  { name: '服务', sub_button: [{ type: 'text', name: '营业时间', value: '9:00-18:00' }] },
];

describe('the live menu at authorization', () => {
  it('becomes one Imported wxm_menu row of the account, with the console-only buttons explained; once', async () => {
    await fetch(`${h.sim.url}/sim/menu/console`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, button: CONSOLE }) });
    expect(await importLiveMenu(hint(), deps)).toBe('imported');
    const rows = dv.rows(EntitySets.Menu);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      [C.Name]: IMPORTED_MENU_NAME,
      [C.State]: MenuState.Imported,
      [C.Conditional]: false,
      [`_${C.OfficialAccountId}_value`]: accountId,
    });
    expect(JSON.parse(String(rows[0]![C.Definition]))).toEqual(CONSOLE);
    expect(String(rows[0]![C.FailureReason]).split('\n')[0]).toBe(
      'Button 2, sub-button 1 is a text reply made in the MP console, which the API cannot publish: make it a Click button and answer its key with an auto-reply rule.',
    );
    expect(await importLiveMenu(hint(), deps)).toBe('skipped');
    expect(dv.rows(EntitySets.Menu)).toHaveLength(1);
  });

  it('imports nothing when no menu is live', async () => {
    expect(await importLiveMenu(hint(), deps)).toBe('skipped');
    expect(dv.rows(EntitySets.Menu)).toHaveLength(0);
  });
});

/**
 * The Signed Service form script in Chromium, around a fake Xrm, against the real relay and Dataverse emulator:
 * setup steps per cloud, the live status and its reason in both languages, the secret held by the relay, and
 * the confirmation before unticking the agreement revokes (then the status after the save).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../../functions/src/relay/signed-services/reasons.js';
import { Cloud, ConnectionStatus, SignedService } from '@wxm/solution/schema';
import type { FormSpec } from '../../../webresources/harness/spec.js';
import { openBrowser, type Browser } from '../../support/browser.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';
import { attributesOf, changeSettled, formState, openForm, packedFormEvents, save, startChange, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const S = SignedService.columns;
const LIBRARY = 'wxm_/forms/signedservice.js';

let world: BridgeWorld;
let harness: Harness;
let events: FormSpec['events'];
let browser: Browser;
let connected: string;

beforeAll(async () => {
  [world, harness, events] = await Promise.all([startBridgeWorld(), startHarness(), packedFormEvents('wxm_signedservice')]);
  browser = await openBrowser();
  connected = await world.createSignedService(world.orgs[0], { [S.AppId]: accountA.appid, [S.BindingToken]: await world.authorize(accountA) });
  await rowWithStatus(world.orgs[0], connected, ConnectionStatus.Connected);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

async function rowWithStatus(org: Org, id: string, status: number): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
    expect(row[S.ConnectionStatus]).toBe(status);
    return row;
  });
}

function xrmFor(org: Org, lcid: Lcid) {
  return { languageId: lcid, clientUrl: org.environmentUrl, organizationId: org.emulator.organizationId, relayUrl: world.relay.url };
}

function formFor(id: string, row: Record<string, unknown>, lcid: Lcid, formType = 2): FormSpec {
  return { entityName: SignedService.logicalName, id: `{${id.toUpperCase()}}`, formType, events, ...attributesOf(SignedService.logicalName, row, lcid) };
}

const steps = (state: { notifications: Record<string, [string, string]> }) =>
  ['wxm-step-1', 'wxm-step-2', 'wxm-step-3', 'wxm-step-4'].map((id) => state.notifications[id]?.[1]);

describe('Signed Service form', () => {
  it('on a new row: fills in this environment, and shows the four steps for the chosen cloud', async () => {
    const { page } = browser;
    await openForm(page, harness.url, LIBRARY, xrmFor(world.orgs[0], 1033), formFor('00000000-0000-0000-0000-000000000000', {}, 1033, 1));
    let state = await formState(page);
    expect([state.values[S.EnvironmentUrl], state.values[S.Cloud]]).toEqual([world.orgs[0].environmentUrl, Cloud.Global]);
    expect(state.notifications['wxm-status']).toBeUndefined();
    expect(steps(state)).toEqual([
      'Step 1 of 4 · Azure app registration (global cloud): at https://portal.azure.com open App registrations → New registration (single tenant). Copy its Application (client) ID and Directory (tenant) ID, and create a client secret under Certificates & secrets.',
      'Step 2 of 4 · Application user: in the Power Platform admin center open this environment → Settings → Users + permissions → Application users → New app user, and choose that application.',
      'Step 3 of 4 · Role: give the application user the Wechat Marketing Relay role, and add it to the field security profile Wechat Marketing Relay Secrets.',
      'Step 4 of 4 · This form: cloud “Global”, environment URL like https://contoso.crm.dynamics.com, the IDs and the secret from step 1, the AppId and binding token from Start To Use; tick the agreement and save.',
    ]);
    await startChange(page, S.Cloud, Cloud.China);
    await changeSettled(page);
    state = await formState(page);
    expect(steps(state)[0]).toBe(
      'Step 1 of 4 · Azure app registration (China cloud operated by 21Vianet): at https://portal.azure.cn open App registrations → New registration (single tenant). Copy its Application (client) ID and Directory (tenant) ID, and create a client secret under Certificates & secrets.',
    );
    expect(steps(state)[3]).toContain('cloud “China (21Vianet)”, environment URL like https://contoso.crm.dynamics.cn');
    expect(await page.locator('#notifications li[data-level=INFO]').count()).toBe(4);
  });

  for (const [lcid, status, secretLabel, tokenLabel] of [
    [1033, `Connection: Connected. ${REASONS.connected.en}`, 'Client Secret (stored by the relay)', 'Binding Token (used by the relay)'],
    [2052, `连接状态：已连接。${REASONS.connected.zh}`, '客户端密码（已由中继服务保存）', '绑定令牌（已由中继服务使用）'],
  ] as const) {
    it(`shows the relay's live status over a stale row, and the secret as held by the relay (${lcid})`, async () => {
      const { page } = browser;
      // The row as it was before the relay wrote: pending, no reason. The relay's answer replaces it.
      await openForm(
        page,
        harness.url,
        LIBRARY,
        xrmFor(world.orgs[0], lcid),
        formFor(connected, { [S.ConnectionStatus]: ConnectionStatus.Pending, [S.AgreementAccepted]: true }, lcid),
      );
      const state = await formState(page);
      expect(state.notifications).toEqual({ 'wxm-status': ['INFO', status] });
      expect([state.labels[S.ClientSecret], state.labels[S.BindingToken]]).toEqual([secretLabel, tokenLabel]);
      expect([state.submitModes[S.ClientSecret], state.submitModes[S.BindingToken]]).toEqual(['dirty', 'dirty']);
      // The script never put the secret anywhere: the form holds none, and nothing shows one.
      expect(state.values[S.ClientSecret]).toBeNull();
    });
  }

  it('without the relay address, shows the status and reason the relay wrote into the row', async () => {
    const org = world.orgs[0];
    const row = await rowWithStatus(org, connected, ConnectionStatus.Connected);
    const { page } = browser;
    await openForm(page, harness.url, LIBRARY, { ...xrmFor(org, 1033), relayUrl: null }, formFor(connected, row, 1033));
    const state = await formState(page);
    expect(state.notifications).toEqual({ 'wxm-status': ['INFO', `Connection: Connected. ${String(row[S.StatusReasonEn])}`] });
    expect(row[S.StatusReasonEn]).toBe(REASONS.connected.en);
    expect(state.queries).toHaveLength(1);
  });

  it('shows a failure the relay could not write into the row (a wrong secret), with its reason and the steps', async () => {
    const org = world.orgs[1];
    const failed = await world.createSignedService(org, { [S.ClientSecret]: 'not-the-secret', [S.AppId]: accountA.appid, [S.BindingToken]: 'wxb_unused' });
    await eventually(async () => {
      const res = await fetch(`${world.relay.url}/api/signed-services/${org.emulator.organizationId}/${failed}/status`);
      expect(((await res.json()) as { reason?: string }).reason).toBe('invalid-secret');
    });
    // With a wrong secret the relay cannot write to this environment: the row still says nothing (Pending is
    // the column's default, which the emulator leaves empty).
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: failed })) as Record<string, unknown>;
    expect([row[S.ConnectionStatus] ?? ConnectionStatus.Pending, row[S.StatusReasonZh] ?? null]).toEqual([ConnectionStatus.Pending, null]);
    const { page } = browser;
    await openForm(page, harness.url, LIBRARY, xrmFor(org, 2052), formFor(failed, row, 2052));
    const state = await formState(page);
    expect(state.notifications['wxm-status']).toEqual(['ERROR', `连接状态：连接失败。${REASONS['invalid-secret'].zh}`]);
    expect(steps(state)[0]).toMatch(/^第 1 步，共 4 步 · Azure 应用注册（全球版）：在 https:\/\/portal\.azure\.com 打开/);
    expect(state.labels[S.ClientSecret]).toBe('客户端密码');
  });

  it('asks before unticking the agreement revokes: "Keep connected" ticks it again; confirmed and saved, the relay revokes', async () => {
    const org = world.orgs[0];
    const { page } = browser;
    await openForm(page, harness.url, LIBRARY, xrmFor(org, 1033), formFor(connected, await rowWithStatus(org, connected, ConnectionStatus.Connected), 1033));

    await startChange(page, S.AgreementAccepted, false);
    const dialog = page.locator('#confirm-dialog');
    expect(await dialog.locator('h2').textContent()).toBe('Revoke the relay’s access?');
    expect(await dialog.locator('p').textContent()).toBe(
      'When you save with the agreement unticked, the relay deletes the credentials of this application user and writes nothing more to this environment: followers’ new messages stop arriving in Dynamics 365.',
    );
    expect(await dialog.locator('button').allTextContents()).toEqual(['Untick to revoke', 'Keep connected']);
    await dialog.locator('#confirm-cancel').click();
    await changeSettled(page);
    let state = await formState(page);
    expect(state.values[S.AgreementAccepted]).toBe(true);
    expect(state.notifications['wxm-revoke']).toBeUndefined();

    await startChange(page, S.AgreementAccepted, false);
    await page.locator('#confirm-ok').click();
    await changeSettled(page);
    state = await formState(page);
    expect(state.values[S.AgreementAccepted]).toBe(false);
    expect(state.notifications['wxm-revoke']).toEqual(['WARNING', 'Save the record to revoke the relay’s access. Nothing changes until you save.']);
    expect(state.dialogs).toHaveLength(2);

    // The save reaches Dataverse; the form waits for the relay's new conclusion instead of showing the old one.
    await org.admin.update({ collection: SignedService.entitySetName, key: connected, data: { [S.AgreementAccepted]: false } });
    await save(page, { [S.AgreementAccepted]: { value: false } });
    await expect
      .poll(async () => (await formState(page)).notifications['wxm-status'], { timeout: 20_000 })
      .toEqual(['WARNING', `Connection: Revoked. ${REASONS.revoked.en}`]);
    await rowWithStatus(org, connected, ConnectionStatus.Revoked);
    expect(browser.errors).toEqual([]);
  }, 40_000);
});

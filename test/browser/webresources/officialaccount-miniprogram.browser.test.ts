/**
 * The Official Account form on a Mini Program's row, in Chromium around the fake Xrm: the message push configuration
 * (server URL = the relay's account callback for this appid; the platform's Token and EncodingAESKey held by the relay;
 * secure mode; XML), in English and Chinese; and the same form on an Official Account shows none of it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountType, OfficialAccount, VerificationType } from '@wxm/solution/schema';
import type { FormSpec } from '../../../webresources/harness/spec.js';
import { openBrowser, type Browser } from '../../support/browser.js';
import { attributesOf, formState, openForm, packedFormEvents, type Lcid } from './support/form-harness.js';
import { startHarness, type Harness } from './support/harness-server.js';

const O = OfficialAccount.columns;
const LIBRARY = 'wxm_/forms/officialaccount.js';
const RELAY = 'https://relay.example.com';
let harness: Harness;
let events: FormSpec['events'];
let browser: Browser;

beforeAll(async () => {
  [harness, events] = await Promise.all([startHarness(), packedFormEvents('wxm_officialaccount')]);
  browser = await openBrowser({ viewport: { width: 1100, height: 900 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function show(row: Record<string, unknown>, lcid: Lcid, relayUrl: string | null = RELAY): Promise<Record<string, [string, string]>> {
  const id = randomUUID();
  await openForm(
    browser.page,
    harness.url,
    LIBRARY,
    { languageId: lcid, clientUrl: 'https://org.example.crm5.dynamics.com', organizationId: randomUUID(), relayUrl },
    {
      entityName: OfficialAccount.logicalName,
      id: `{${id.toUpperCase()}}`,
      formType: 2,
      events,
      ...attributesOf(OfficialAccount.logicalName, { [O.Id]: id, ...row }, lcid),
    },
  );
  // The relay address is read through Xrm.WebApi: the notification follows a moment later.
  for (let i = 0; i < 50; i++) {
    const { notifications } = await formState(browser.page);
    if (notifications['wxm-oa-message-push'] || row[O.AccountType] !== AccountType.MiniProgram) return notifications;
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await formState(browser.page)).notifications;
}

const miniProgram = { [O.AppId]: 'wxm1n1pr0gram0a1b2', [O.Name]: '演示小程序', [O.AccountType]: AccountType.MiniProgram, [O.OriginalId]: 'gh_0123456789ab' };

describe('Official Account form on a Mini Program', () => {
  it('shows where WeChat pushes its messages, and never the platform’s secrets (English)', async () => {
    const notifications = await show(miniProgram, 1033);
    expect(notifications['wxm-oa-message-push']).toEqual([
      'INFO',
      'Mini Program message push (消息推送): WeChat pushes this Mini Program’s messages and events (subscribe message consents and receipts) to https://relay.example.com/api/wechat/accounts/wxm1n1pr0gram0a1b2/callback through the third-party platform. Token and EncodingAESKey: the platform’s own, held by the relay (never shown in Dynamics). Encryption: secure mode, the only mode a third-party platform may use; data format XML. Nothing to paste in the Mini Program’s console while it is authorized to Wechat Marketing.',
    ]);
  });

  it('in Chinese, and says so when the relay address is not set', async () => {
    expect((await show(miniProgram, 2052))['wxm-oa-message-push']?.[1]).toMatch(
      /^小程序消息推送：微信通过第三方平台将该小程序的消息与事件（订阅消息的授权与回执）推送到 https:\/\/relay\.example\.com\/api\/wechat\/accounts\/wxm1n1pr0gram0a1b2\/callback。.*安全模式/,
    );
    expect((await show(miniProgram, 1033, null))['wxm-oa-message-push']?.[1]).toBe(
      'Mini Program message push (消息推送): the relay address (environment variable wxm_RelayUrl) is not set, so the server URL cannot be shown.',
    );
  });

  it('an Official Account row shows no Mini Program push configuration', async () => {
    const notifications = await show(
      { [O.AppId]: 'wx00000000000000a1', [O.Name]: 'Demo', [O.AccountType]: AccountType.Service, [O.VerificationType]: VerificationType.WeChat },
      1033,
    );
    expect(notifications['wxm-oa-message-push']).toBeUndefined();
  });
});

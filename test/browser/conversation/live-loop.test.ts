/**
 * Issue 5, item 7, the live loop: a follower writes through the WeChat simulator, the relay stores it in the
 * customer's Dataverse (emulator), an operator answers in the conversation view, the relay hears of the new row
 * (webhook), sends it through the customer-service API, and the bubble turns Sent, all without reloading the page.
 * Then WeChat refuses a reply outside the 48-hour window (45015) and the view shows why.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendFailureText } from '../../../functions/src/relay/outbound/failure-reasons.js';
import { ConnectionStatus, Follower, Message, SignedService } from '@wxm/solution/schema';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { openBrowser, type Browser } from '../../support/browser.js';
import { eventually } from '../../support/eventually.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { png } from './support/media-fixtures.js';
import { harnessRecord, mountConversation } from './support/page.js';

const OPENID = 'oLiveLoopFollower0000000001';
let world: BridgeWorld;
let org: Org;
let harness: Harness;
let browser: Browser;
let followerId: string;
let page: Page;

async function say(content: string): Promise<void> {
  const [result] = await world.sim.push({ appid: accountA.appid, openid: OPENID, msgType: 'text', content });
  expect([result?.status, result?.body]).toEqual([200, 'success']);
}

const customerServiceSends = () => world.sim.sent(accountA.appid).filter((s) => s.api === 'message/custom/send');

beforeAll(async () => {
  ensureControlBuilt();
  world = await startBridgeWorld();
  org = world.orgs[0];
  const bindingToken = await world.authorize(accountA);
  const signed = await world.createSignedService(org, { [SignedService.columns.AppId]: accountA.appid, [SignedService.columns.BindingToken]: bindingToken });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  }, 30_000);
  await say('你好，我想订两件 👋');
  followerId = await eventually(async () => {
    const rows = (
      await org.admin.retrieveMultiple({
        collection: Follower.entitySetName,
        select: [Follower.columns.Id],
        filter: `${Follower.columns.OpenId} eq '${OPENID}'`,
      })
    ).value as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    return String(rows[0]![Follower.columns.Id]);
  }, 30_000);
  // The operator: a user of the org with its own token, as a person signed in to Dynamics.
  const operator = randomUUID();
  org.emulator.addApplicationUser({ clientId: operator, name: 'Operator', privileges: 'all' });
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: () => org.emulator.issueToken({ clientId: operator }) });
  browser = await openBrowser();
  page = await mountConversation(browser, harness, {
    followerId,
    followerName: 'Live follower',
    via: 'contextInfo',
    languageId: 1033,
    timeZoneOffsetMinutes: 480,
  });
  await page.waitForSelector('text=你好，我想订两件 👋');
  // Set once: if the page reloaded, it would be gone.
  await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await world?.close();
});

afterEach(async () => {
  expect(browser.errors).toEqual([]);
  expect((await harnessRecord(page)).missingStrings).toEqual([]);
  expect(await page.evaluate(() => 'notReloaded' in globalThis)).toBe(true);
});

/** Writes a reply in the composer, sends it, and returns the bubble of the row it created. */
async function reply(text: string) {
  const before = new Set(org.emulator.rows('wxm_message').map((r) => String(r[Message.columns.Id])));
  await page.locator('[data-testid=composer] textarea').fill(text);
  await page.locator('[data-testid=composer-send]').click();
  const row = await eventually(async () => {
    const created = org.emulator.rows('wxm_message').find((r) => !before.has(String(r[Message.columns.Id])));
    expect(created).toBeDefined();
    return created!;
  });
  return page.locator(`[data-id="${String(row[Message.columns.Id])}"]`);
}

const statusOf = (bubble: ReturnType<Page['locator']>) => bubble.locator('[data-testid=delivery-status]').getAttribute('data-status');

describe('the live loop', { timeout: 60_000 }, () => {
  it('delivers a reply written in the view, and the bubble turns Sent without a reload', async () => {
    const bubble = await reply('收到 👍 今天发货');
    await expect.poll(() => statusOf(bubble), { timeout: 30_000, interval: 200 }).toBe('sent');
    expect(await bubble.locator('[data-testid=delivery-status]').innerText()).toBe('Sent');
    const sent = customerServiceSends().filter((s) => JSON.stringify(s.body).includes('收到 👍 今天发货'));
    expect(sent.map((s) => [s.errcode, (s.body as { touser?: string; msgtype?: string }).touser, (s.body as { msgtype?: string }).msgtype])).toEqual([
      [0, OPENID, 'text'],
    ]);
  });

  it('shows a new message from the follower without a reload', async () => {
    await say('Can you send a photo of the blue one?');
    await page.waitForSelector('text=Can you send a photo of the blue one?', { timeout: 30_000 });
  });

  it('sends an image reply: the relay finds the note created with the message and uploads it', async () => {
    await page
      .locator('[data-testid=composer-file]')
      .setInputFiles({ name: 'blue-one.png', mimeType: 'image/png', buffer: png(120, 90, [20, 60, 200], [120, 200, 250]) });
    await page.waitForSelector('[data-testid=attachment] img');
    await page.locator('[data-testid=composer-send]').click();
    const bubble = page.locator('[data-kind=image][data-direction=outbound]');
    await expect.poll(() => statusOf(bubble), { timeout: 30_000, interval: 200 }).toBe('sent');
    // errcode 0 means WeChat knew the media_id: the simulator answers 40007 for media the account did not upload.
    const images = customerServiceSends().filter((s) => (s.body as { msgtype?: string }).msgtype === 'image');
    const body = (s: (typeof images)[number]) => s.body as { touser?: string; image?: { media_id?: string } };
    expect(images.map((s) => [s.errcode, body(s).touser, typeof body(s).image?.media_id])).toEqual([[0, OPENID, 'string']]);
  });

  it('shows WeChat’s 45015 refusal and what to do instead, when the follower has not written for 49 hours', async () => {
    world.sim.setFollower(accountA.appid, OPENID, { lastMessageAt: Date.now() - 49 * 3600_000 });
    const bubble = await reply('late reply');
    await expect.poll(() => statusOf(bubble), { timeout: 30_000, interval: 200 }).toBe('failed');
    expect(await bubble.locator('[data-testid=failure-reason]').innerText()).toBe(`${sendFailureText(45015).en} (WeChat error 45015)`);
    expect(await bubble.locator('[data-testid=delivery-status]').innerText()).toBe('Not sent');
  });
});

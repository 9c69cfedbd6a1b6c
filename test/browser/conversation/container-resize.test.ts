/**
 * Issue 8: the control asks for its container's size (context.mode.trackContainerResize(true)) and sizes the message
 * list from the height the host allocates, again when the host resizes it. A model-driven form allocates no height
 * (-1), so there the list keeps its default.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/mode/trackcontainerresize
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '@wxm/solution/schema';
import { openBrowser, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { NEW_YORK, NOW } from './support/expected.js';
import { harnessRecord, mountConversation, resizeHost } from './support/page.js';
import { addFollower, addMessage, startSeedOrg, type SeedOrg } from './support/seed.js';

let org: SeedOrg;
let harness: Harness;
let browser: Browser;
let followerId: string;

beforeAll(async () => {
  ensureControlBuilt();
  org = await startSeedOrg();
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
  browser = await openBrowser();
  await browser.page.clock.setFixedTime(NOW);
  followerId = addFollower(org, { name: 'Tall Page', openid: 'oTall' });
  addMessage(org, followerId, NOW - 60_000, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: 'hello' } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await org?.close();
});

afterEach(async () => {
  expect(browser.errors).toEqual([]);
});

const listHeight = () => browser.page.locator('[data-testid=message-list]').evaluate((el) => (el as unknown as { style: { height: string } }).style.height);

describe('container size', () => {
  it('tracks its container and gives the list the allocated height less the header and composer, again on a resize', async () => {
    await mountConversation(browser, harness, {
      followerId,
      followerName: 'Tall Page',
      via: 'parameter',
      languageId: 1033,
      timeZoneOffsetMinutes: NEW_YORK,
      allocatedHeight: 900,
    });
    expect((await harnessRecord(browser.page)).trackContainerResize).toEqual([true]);
    expect(await listHeight()).toBe('660px');
    await resizeHost(browser.page, 600);
    await browser.page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { style: { height: string } } } }).document.querySelector(
          '[data-testid=message-list]',
        ).style.height === '360px',
    );
    expect(await listHeight()).toBe('360px');
  });

  it('keeps the default list height on a model-driven form, which allocates no height', async () => {
    await mountConversation(browser, harness, { followerId, followerName: 'Tall Page', via: 'contextInfo', languageId: 1033, timeZoneOffsetMinutes: NEW_YORK });
    expect(await listHeight()).toBe('480px');
  });
});

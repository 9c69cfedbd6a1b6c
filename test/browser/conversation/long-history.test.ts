/**
 * Issue 5, item 1: long histories stay smooth. 10,000 messages: the control reads pages of 50 (maxPageSize and
 * the Web API's nextLink), renders only the bubbles near the visible part, loads the page before when the reader
 * scrolls near the top, and keeps the message they were reading in place when older ones are added above it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '@wxm/solution/schema';
import { openBrowser, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { NOW } from './support/expected.js';
import { harnessRecord, mountConversation } from './support/page.js';
import { addFollower, addMessage, startSeedOrg, type SeedOrg } from './support/seed.js';

const COUNT = 10_000;
const PAGE = 50;
let org: SeedOrg;
let harness: Harness;
let browser: Browser;
let followerId: string;
let seedMs = 0;

beforeAll(async () => {
  ensureControlBuilt();
  org = await startSeedOrg();
  followerId = addFollower(org, { name: 'Long Story', openid: 'oLongHistory' });
  const started = Date.now();
  for (let n = 1; n <= COUNT; n++) {
    const at = NOW - (COUNT - n + 1) * 60_000;
    if (n % 100 === 0)
      addMessage(org, followerId, at, {
        direction: 'in',
        type: 'Event',
        columns: { [Message.columns.Event]: 'CLICK', [Message.columns.EventKey]: `MENU_${n}` },
      });
    else addMessage(org, followerId, at, { direction: n % 2 ? 'in' : 'out', type: 'Text', columns: { [Message.columns.Content]: `Message #${n}` } });
  }
  seedMs = Date.now() - started;
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
  browser = await openBrowser();
  await browser.page.clock.setFixedTime(NOW);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await org?.close();
});

type Doc = { document: { querySelector(s: string): { scrollTop: number; scrollHeight: number; clientHeight: number } } };

const loaded = async (page: Page) => Number(await page.locator('[data-testid=message-list]').getAttribute('data-loaded'));
const bubbles = (page: Page) => page.locator('[data-testid=bubble]').count();
const numbers = async (page: Page) => (await page.locator('[data-testid=bubble]').allInnerTexts()).map((t) => Number(/(?:#|MENU_)(\d+)/.exec(t)?.[1]));
const scrollTo = (page: Page, top: 'top' | 'middle') =>
  page.evaluate((where) => {
    const list = (globalThis as unknown as Doc).document.querySelector('[data-testid=message-list]');
    list.scrollTop = where === 'top' ? 0 : Math.round((list.scrollHeight - list.clientHeight) / 2);
  }, top);

describe('10,000 messages', { timeout: 90_000 }, () => {
  it('opens on the newest page with only a window of bubbles in the DOM', async () => {
    expect(seedMs).toBeLessThan(60_000);
    const started = Date.now();
    const page = await mountConversation(browser, harness, {
      followerId,
      followerName: 'Long Story',
      via: 'contextInfo',
      languageId: 1033,
      timeZoneOffsetMinutes: 0,
    });
    await page.waitForSelector('text=Message #9999');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await loaded(page)).toBe(PAGE);
    expect(await bubbles(page)).toBeLessThan(30);
    const shown = await numbers(page);
    expect(shown.at(-1)).toBe(COUNT);
    // Consecutive messages, newest at the bottom: a window, not a sample.
    expect(shown).toEqual(shown.map((_, i) => (shown[0] ?? 0) + i));
    expect(browser.errors).toEqual([]);
  });

  it('loads older pages as the reader scrolls up, keeps their place, and never renders more than a window', async () => {
    const page = browser.page;
    // Slow answers, so the place is measured before the older page arrives and again after.
    org.emulator.setLatency(1500);
    for (let pages = 2; pages <= 8; pages++) {
      await scrollTo(page, 'top');
      const oldest = COUNT - (pages - 1) * PAGE + 1;
      const top = page.locator(`[data-testid=bubble]:has-text("#${oldest}")`);
      await top.waitFor();
      await page.waitForTimeout(150); // rows rendered for the first time are measured and settle
      expect(await loaded(page)).toBe((pages - 1) * PAGE);
      const before = await top.boundingBox();
      await page.waitForFunction(
        (n) =>
          (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string } } }).document
            .querySelector('[data-testid=message-list]')
            .getAttribute('data-loaded') === String(n),
        pages * PAGE,
      );
      await page.waitForTimeout(100);
      const after = await top.boundingBox();
      expect(Math.abs((after?.y ?? -1000) - (before?.y ?? 1000))).toBeLessThan(3);
      expect(await bubbles(page)).toBeLessThan(30);
    }
    expect(await loaded(page)).toBe(8 * PAGE);
    org.emulator.setLatency(0);
    await scrollTo(page, 'middle');
    await page.waitForTimeout(200);
    const middle = await numbers(page);
    expect(middle.length).toBeLessThan(30);
    expect(middle[0]).toBeGreaterThan(COUNT - 8 * PAGE);
    expect(middle.at(-1)).toBeLessThan(COUNT);
    const record = await harnessRecord(page);
    // One request per page: the newest, then each nextLink (its $skiptoken) as the reader went up.
    const pageRequests = record.requests.map((r) => decodeURIComponent(r.url)).filter((url) => url.includes('$orderby=createdon desc,wxm_messageid desc'));
    expect(pageRequests).toHaveLength(8);
    expect(pageRequests.map((url) => /pagingcookie="(\d+)"/.exec(url)?.[1] ?? 'first')).toEqual(['first', '50', '100', '150', '200', '250', '300', '350']);
    expect(browser.errors).toEqual([]);
  });
});

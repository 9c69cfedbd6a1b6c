/**
 * Issue 5, item 1: the 48-hour window is visible, and when WeChat would refuse a reply the composer says why and
 * points to template messages. The window opens on what WeChat counts (messages, menu clicks, follows, scans) and
 * allows 5 replies since the follower last interacted; refused replies do not count.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '@wxm/solution/schema';
import { openBrowser, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { NEW_YORK, NOW } from './support/expected.js';
import { harnessRecord, mountConversation } from './support/page.js';
import { addFollower, addMessage, startSeedOrg, type SeedOrg } from './support/seed.js';

const H = 3600_000;
const MIN = 60_000;
const TEMPLATE_DOC = 'https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html';

let org: SeedOrg;
let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  ensureControlBuilt();
  org = await startSeedOrg();
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
  browser = await openBrowser();
  await browser.page.clock.setFixedTime(NOW);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await org?.close();
});

afterEach(async () => {
  expect(browser.errors).toEqual([]);
  expect((await harnessRecord(browser.page)).missingStrings).toEqual([]);
});

async function composerOf(followerId: string, name: string, languageId: 1033 | 2052 = 1033) {
  const page = await mountConversation(browser, harness, { followerId, followerName: name, via: 'contextInfo', languageId, timeZoneOffsetMinutes: NEW_YORK });
  await page.waitForSelector('[data-testid=composer], [data-testid=composer-closed]');
  return page;
}

describe('closed reply window', () => {
  it('says the follower last wrote more than 48 hours ago and points to template messages', async () => {
    const id = addFollower(org, { name: 'Old Friend', openid: 'oExpired' });
    addMessage(org, id, NOW - 50 * H, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: 'see you' } });
    addMessage(org, id, NOW - 49.5 * H, { direction: 'out', type: 'Text', columns: { [Message.columns.Content]: 'bye' } });
    const page = await composerOf(id, 'Old Friend');
    const notice = page.locator('[data-testid=composer-closed] [data-testid=reply-window]');
    expect(await notice.getAttribute('data-reason')).toBe('expired');
    expect(await notice.innerText()).toBe(
      'You cannot reply: Old Friend last wrote more than 48 hours ago, and WeChat accepts customer-service messages only within 48 hours. To reach them now, send a template message. About template messages',
    );
    expect(await notice.locator('a').getAttribute('href')).toBe(TEMPLATE_DOC);
    expect(await page.locator('[data-testid=composer] textarea').count()).toBe(0);
  });

  it('says 5 replies were sent since the follower last wrote (a refused reply does not count)', async () => {
    const id = addFollower(org, { name: 'Busy', openid: 'oQuota' });
    // A message opens 5 within 48 hours (a menu click would open only 3 within 1 minute: relay/window).
    addMessage(org, id, NOW - 2 * H, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: 'help' } });
    for (let i = 0; i < 5; i++)
      addMessage(org, id, NOW - 110 * MIN + i * MIN, { direction: 'out', type: 'Text', columns: { [Message.columns.Content]: `reply ${i}` } });
    const page = await composerOf(id, 'Busy');
    expect(await page.locator('[data-testid=reply-window]').getAttribute('data-reason')).toBe('quota');
    expect(await page.locator('[data-testid=reply-window]').innerText()).toContain('You cannot reply: you have sent 5 messages since Busy last wrote.');

    const refused = addFollower(org, { name: 'Refused', openid: 'oRefused' });
    addMessage(org, refused, NOW - 2 * H, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: 'hello' } });
    for (let i = 0; i < 5; i++) addMessage(org, refused, NOW - 110 * MIN + i * MIN, { direction: 'out', type: 'Text', status: i === 0 ? 'Failed' : 'Sent' });
    const open = await composerOf(refused, 'Refused');
    expect(await open.locator('[data-testid=reply-window]').innerText()).toBe('Reply window: 46 h 0 min left · 1 of 5 messages left');
  });

  it('says the follower has not written yet when only a VIEW event came in (it does not open the window)', async () => {
    const id = addFollower(org, { name: 'Browser', openid: 'oNever' });
    addMessage(org, id, NOW - H, {
      direction: 'in',
      type: 'Event',
      columns: { [Message.columns.Event]: 'VIEW', [Message.columns.EventKey]: 'https://example.com/menu' },
    });
    const page = await composerOf(id, 'Browser');
    expect(await page.locator('[data-testid=reply-window]').getAttribute('data-reason')).toBe('never');
    expect(await page.locator('[data-testid=bubble]').innerText()).toContain('Opened menu link https://example.com/menu');
  });

  it('says the follower no longer follows the account, in Chinese too', async () => {
    const id = addFollower(org, { name: '李四', openid: 'oGone', subscribed: false });
    addMessage(org, id, NOW - H, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: '再见' } });
    addMessage(org, id, NOW - 30 * MIN, { direction: 'in', type: 'Event', columns: { [Message.columns.Event]: 'unsubscribe' } });
    const page = await composerOf(id, '李四', 2052);
    expect(await page.locator('[data-testid=reply-window]').getAttribute('data-reason')).toBe('unfollowed');
    expect(await page.locator('[data-testid=reply-window]').innerText()).toBe('无法回复：李四 已取消关注公众号。');
  });
});

describe('open reply window', () => {
  it('after a follow: 3 messages within the minute (the relay rule), in English and Chinese', async () => {
    const id = addFollower(org, { name: 'Newcomer', openid: 'oFollowedNow' });
    addMessage(org, id, NOW - 20_000, { direction: 'in', type: 'Event', columns: { [Message.columns.Event]: 'subscribe' } });
    const page = await composerOf(id, 'Newcomer');
    const banner = page.locator('[data-testid=reply-window]');
    expect(await banner.getAttribute('data-short')).toBe('true');
    expect(await banner.innerText()).toBe('Reply window: 1 min left · 3 messages left (a follow, scan or menu click allows 3 within 1 minute)');
    const zh = await composerOf(id, 'Newcomer', 2052);
    expect(await zh.locator('[data-testid=reply-window]').innerText()).toBe(
      '回复窗口：还剩 1 分钟 · 还可发送 3 条消息（关注、扫码或点击菜单后 1 分钟内可发 3 条）',
    );
  });

  it('counts the window from the last message even when it is older than the loaded page', async () => {
    const id = addFollower(org, { name: 'Chatty', openid: 'oOld' });
    addMessage(org, id, NOW - 30 * H, { direction: 'in', type: 'Text', columns: { [Message.columns.Content]: 'booth 7?' } });
    // 60 outbound-looking rows would push it off the first page: use inbound VIEW events, which do not open the window.
    for (let i = 0; i < 60; i++)
      addMessage(org, id, NOW - 20 * H + i * MIN, {
        direction: 'in',
        type: 'Event',
        columns: { [Message.columns.Event]: 'VIEW', [Message.columns.EventKey]: `https://example.com/${i}` },
      });
    const page = await composerOf(id, 'Chatty');
    expect(await page.locator('[data-testid=message-list]').getAttribute('data-loaded')).toBe('50');
    expect(await page.locator('[data-testid=reply-window]').innerText()).toBe('Reply window: 18 h 0 min left · 5 of 5 messages left');
  });
});

/**
 * Issue 5, item 1: the conversation view renders a seeded conversation with every message type, in the user's
 * time zone, format and language, with delivery status and failure reasons; the README screenshots come from here.
 * Chromium (Debian) via playwright-core; the control is the production bundle pcf-scripts built.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendFailureText } from '../../../functions/src/relay/outbound/failure-reasons.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { distinctColours, sameImage } from '../../support/screenshots.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { EVERY_TYPE, seedEveryType, type EveryTypeSeed } from './support/every-type.js';
import { BEIJING, NEW_YORK, NOW, timeIn } from './support/expected.js';
import { harnessRecord, mountConversation } from './support/page.js';
import { startSeedOrg, type SeedOrg } from './support/seed.js';

let org: SeedOrg;
let harness: Harness;
let browser: Browser;
let seed: EveryTypeSeed;

beforeAll(async () => {
  ensureControlBuilt();
  org = await startSeedOrg();
  seed = seedEveryType(org, NOW);
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
  browser = await openBrowser({ viewport: { width: 800, height: 2100 } });
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

/** Tall enough for the whole conversation, so every bubble is rendered at once (and the screenshot shows them all). */
const open = (languageId: 1033 | 2052, timeZoneOffsetMinutes: number) =>
  mountConversation(browser, harness, {
    followerId: seed.followerId,
    followerName: EVERY_TYPE.name,
    via: 'contextInfo',
    languageId,
    timeZoneOffsetMinutes,
    allocatedHeight: 1960,
  });

const bubble = (page: Page, key: string) => page.locator(`[data-id="${seed.ids[key]}"]`);
const text = (page: Page, key: string) => bubble(page, key).innerText();

async function mediaLoaded(page: Page): Promise<void> {
  await page.waitForSelector(`[data-id="${seed.ids.voice}"] audio`);
  await page.waitForSelector(`[data-id="${seed.ids.video}"] video`);
  await page.waitForSelector(`[data-id="${seed.ids.imageReply}"] img`);
  // The player shows the voice's length once its metadata is read: wait for it, so screenshots do not vary.
  await page.waitForFunction((id) => {
    const audio = (globalThis as unknown as { document: { querySelector(s: string): { readyState: number } | null } }).document.querySelector(
      `[data-id="${id}"] audio`,
    );
    return (audio?.readyState ?? 0) >= 1;
  }, seed.ids.voice);
}

describe('a conversation with every message type, in English', () => {
  it('shows each type the way an operator reads it', async () => {
    const page = await open(1033, NEW_YORK);
    await mediaLoaded(page);
    const f = EVERY_TYPE;
    expect(await page.locator('.wxm-cv-title').innerText()).toBe(`Conversation with ${f.name}`);
    expect(await bubble(page, 'greeting').getAttribute('data-direction')).toBe('inbound');
    expect(await text(page, 'greeting')).toContain(f.greeting);
    expect(await bubble(page, 'answer').getAttribute('data-direction')).toBe('outbound');
    expect(await bubble(page, 'answer').locator('a').getAttribute('href')).toBe('https://example.com/shipping');
    expect(await bubble(page, 'image').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(await bubble(page, 'voice').locator('audio').getAttribute('src')).toMatch(/^data:audio\/wav;base64,UklGR/);
    expect(await text(page, 'voice')).toContain(`Recognised: ${f.voiceRecognition}`);
    const video = bubble(page, 'video').locator('video');
    expect([await video.getAttribute('src'), await video.getAttribute('poster')]).toEqual([
      expect.stringMatching(/^data:video\/mp4;base64,/),
      expect.stringMatching(/^data:image\/png;base64,/),
    ]);
    expect(await text(page, 'location')).toContain(`${f.location.label}\n${f.location.latitude}, ${f.location.longitude}\nOpen in map`);
    expect(await bubble(page, 'location').locator('a').getAttribute('href')).toBe(
      `https://uri.amap.com/marker?position=${f.location.longitude},${f.location.latitude}&name=${encodeURIComponent(f.location.label)}`,
    );
    expect(await text(page, 'link')).toContain(`LINK\n${f.link.title}\n${f.link.description}\n${f.link.url}`);
    expect(await text(page, 'miniprogram')).toContain('MINI PROGRAM PAGE\nOrder #1024\npages/order/detail?id=1024');
    expect(await text(page, 'shortvideo')).toContain(`SHORT VIDEO\n${f.missingVideo}`);
    expect(await bubble(page, 'imageReply').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  });

  it('shows events as quiet system lines, and days and times in the user’s time zone and format', async () => {
    const page = await open(1033, NEW_YORK);
    const at = (key: string) => timeIn(seed.at[key]!, NEW_YORK, 'en');
    expect(await text(page, 'followQr')).toBe(`Followed from QR code “${EVERY_TYPE.qrScene}” · ${at('followQr')}`);
    expect(await text(page, 'menu')).toBe(`Clicked menu “${EVERY_TYPE.menuKey}” · ${at('menu')}`);
    expect(await text(page, 'unfollow')).toBe(`Unfollowed the account · ${at('unfollow')}`);
    expect(await text(page, 'refollow')).toBe(`Followed the account · ${at('refollow')}`);
    // 2026-03-13 20:00 in New York; the first message was the evening before, the image this afternoon.
    expect(at('followQr')).toBe('6:00 PM');
    expect(await page.locator('.wxm-cv-day').allInnerTexts()).toEqual(['Yesterday', 'Today']);
    expect(await bubble(page, 'greeting').locator('.wxm-cv-time').innerText()).toBe(at('greeting'));
    expect(await bubble(page, 'lastWords').locator('.wxm-cv-time').innerText()).toBe('7:20 PM');
  });

  it('shows delivery status on replies, and why a reply was not sent', async () => {
    const page = await open(1033, NEW_YORK);
    const status = (key: string) => bubble(page, key).locator('[data-testid=delivery-status]').innerText();
    expect([await status('answer'), await status('failed'), await status('imageReply'), await status('lastReply')]).toEqual([
      'Sent',
      'Not sent',
      'Waiting to send',
      'Sent',
    ]);
    expect(await bubble(page, 'greeting').locator('[data-testid=delivery-status]').count()).toBe(0);
    expect(await bubble(page, 'failed').locator('[data-testid=failure-reason]').innerText()).toBe(`${sendFailureText(45047).en} (WeChat error 45047)`);
  });

  it('shows the 48-hour window: the follower wrote 40 minutes ago and two replies went out since', async () => {
    const page = await open(1033, NEW_YORK);
    const window = page.locator('[data-testid=reply-window]');
    expect(await window.innerText()).toBe('Reply window: 47 h 20 min left · 3 of 5 messages left');
    expect(await page.locator('[data-testid=composer] textarea').isEditable()).toBe(true);
  });
});

describe('the same conversation in Chinese (languageId 2052)', () => {
  it('shows Chinese labels, Beijing times in the zh-CN format, and the reason in Chinese', async () => {
    const page = await open(2052, BEIJING);
    const at = (key: string) => timeIn(seed.at[key]!, BEIJING, 'zh');
    expect(await page.locator('.wxm-cv-title').innerText()).toBe(`与 ${EVERY_TYPE.name} 的会话`);
    expect(await page.locator('[data-testid=reply-window]').innerText()).toBe('回复窗口：还剩 47 小时 20 分钟 · 还可发送 3/5 条消息');
    expect(await text(page, 'followQr')).toBe(`通过二维码“${EVERY_TYPE.qrScene}”关注了公众号 · ${at('followQr')}`);
    expect(at('followQr')).toBe('7:00');
    expect(await page.locator('.wxm-cv-day').allInnerTexts()).toEqual(['昨天', '今天']);
    expect(await bubble(page, 'failed').locator('[data-testid=failure-reason]').innerText()).toBe(`${sendFailureText(45047).zh} (微信错误码 45047)`);
    expect(await bubble(page, 'lastReply').locator('[data-testid=delivery-status]').innerText()).toBe('已发送');
    expect(await page.locator('[data-testid=composer-send]').innerText()).toBe('发送');
    // The voice bubble says 正在加载… until its note is downloaded (seen red on a loaded CI machine): wait for the media.
    await mediaLoaded(page);
    expect(await text(page, 'voice')).toContain(`语音识别：${EVERY_TYPE.voiceRecognition}`);
  });
});

describe('README screenshots', () => {
  it('writes conversation-en.png and conversation-zh.png, not blank and different', async () => {
    const shots: Buffer[] = [];
    for (const [languageId, offset, file] of [
      [1033, NEW_YORK, 'conversation-en.png'],
      [2052, BEIJING, 'conversation-zh.png'],
    ] as const) {
      const page = await open(languageId, offset);
      await mediaLoaded(page);
      const png = await page.locator('.form').screenshot();
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(path.join(SCREENSHOTS, file), png);
      shots.push(png);
    }
    expect(distinctColours(shots[0]!)).toBeGreaterThan(500);
    expect(distinctColours(shots[1]!)).toBeGreaterThan(500);
    expect(sameImage(shots[0]!, shots[1]!)).toBe(false);
  });
});

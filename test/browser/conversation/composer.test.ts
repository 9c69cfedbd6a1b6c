/**
 * Issue 5, item 1: the composer creates outbound wxm_message rows through context.webAPI, exactly as the relay
 * expects them (functions/src/relay/outbound/send-outbound.ts, image-note.ts): Outbound, Text or Image, Pending,
 * `out:<uuid>`, bound to the follower and its account; an image as a note created with the message. The new
 * bubble appears without a reload. No relay here: the rows stay Pending (the live loop is live-loop.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryStatus, Direction, Message, MessageType } from '@wxm/solution/schema';
import { openBrowser, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './harness/server.js';
import { ensureControlBuilt } from './support/control-build.js';
import { png } from './support/media-fixtures.js';
import { harnessRecord, mountConversation } from './support/page.js';
import { addFollower, addMessage, startSeedOrg, type SeedOrg } from './support/seed.js';

const M = Message.columns;
let org: SeedOrg;
let harness: Harness;
let browser: Browser;
let followerId: string;

beforeAll(async () => {
  ensureControlBuilt();
  org = await startSeedOrg();
  followerId = addFollower(org, { name: 'Wang Wu', openid: 'oComposer' });
  addMessage(org, followerId, Date.now() - 10 * 60_000, { direction: 'in', type: 'Text', columns: { [M.Content]: 'Can I see the blue one?' } });
  harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
  browser = await openBrowser();
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

const open = (readOnly = false) =>
  mountConversation(browser, harness, { followerId, followerName: 'Wang Wu', via: 'parameter', languageId: 1033, timeZoneOffsetMinutes: 480, readOnly });

const outbound = () => org.emulator.rows('wxm_message').filter((r) => r[M.Direction] === Direction.Outbound);

describe('composer', () => {
  it('creates a Pending outbound text row with an emoji, bound to the follower and its account, and shows it at once', async () => {
    const page = await open();
    await page.locator('[data-testid=composer] textarea').fill('Here it is ');
    await page.getByRole('button', { name: 'Emoji' }).click();
    await page.locator('[data-testid=emoji-picker]').getByRole('option', { name: '👍' }).click();
    await page.locator('[data-testid=composer-send]').click();
    await page.waitForFunction(() =>
      /Here it is 👍/.test(String((globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText)),
    );
    const rows = outbound();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect({
      direction: row[M.Direction],
      type: row[M.MessageType],
      status: row[M.DeliveryStatus],
      content: row[M.Content],
      follower: row[`_${M.FollowerId}_value`],
      account: row[`_${M.OfficialAccountId}_value`],
    }).toEqual({
      direction: Direction.Outbound,
      type: MessageType.Text,
      status: DeliveryStatus.Pending,
      content: 'Here it is 👍',
      follower: followerId,
      account: org.accountId,
    });
    expect(row[M.WeChatMsgId]).toMatch(/^out:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const bubble = page.locator(`[data-id="${String(row[M.Id])}"]`);
    expect(await bubble.locator('[data-testid=delivery-status]').innerText()).toBe('Waiting to send');
    expect(await page.locator('[data-testid=composer] textarea').inputValue()).toBe('');
    expect(await page.locator('[data-testid=reply-window]').innerText()).toMatch(/^Reply window: 47 h (49|50) min left · 4 of 5 messages left$/);
  });

  it('sends an image as an Image row with the picture as its note, created in one operation', async () => {
    const page = await open();
    const picture = png(120, 90, [10, 90, 40], [200, 230, 120]);
    await page.locator('[data-testid=composer-file]').setInputFiles({ name: 'blue-one.png', mimeType: 'image/png', buffer: picture });
    await page.waitForSelector('[data-testid=attachment] img');
    await page.locator('[data-testid=composer-send]').click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
          '[data-kind=image][data-direction=outbound] img',
        ).length === 1,
    );
    const image = outbound().find((r) => r[M.MessageType] === MessageType.Image)!;
    expect([image[M.DeliveryStatus], image[M.Content] ?? null]).toEqual([DeliveryStatus.Pending, null]);
    const notes = org.emulator.rows('annotation').filter((n) => n['_objectid_value'] === image[M.Id]);
    expect(notes.map((n) => [n['filename'], n['mimetype'], n['isdocument'], n['documentbody']])).toEqual([
      ['blue-one.png', 'image/png', true, picture.toString('base64')],
    ]);
    // One deep insert, straight to the Web API (no $batch in between): the emulator takes it as Dataverse does.
    const posts = (await harnessRecord(page)).requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [new URL(r.url, harness.url).pathname, r.status])).toEqual([['/api/data/v9.2/wxm_messages', 204]]);
  });

  it('refuses files that are not JPG, PNG or GIF, and images over 5 MB, before anything is saved', async () => {
    const page = await open();
    const before = outbound().length;
    await page.locator('[data-testid=composer-file]').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    expect(await page.locator('[data-testid=composer] .ms-MessageBar-innerText').innerText()).toBe('Choose a JPG, PNG or GIF image.');
    await page.locator('[data-testid=composer-file]').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    expect(await page.locator('[data-testid=composer] .ms-MessageBar-innerText').innerText()).toBe('The image is larger than 5 MB. Choose a smaller one.');
    expect(await page.locator('[data-testid=composer-send]').isDisabled()).toBe(true);
    expect(outbound()).toHaveLength(before);
  });

  it('on a read-only form shows the conversation without a composer', async () => {
    const page = await open(true);
    expect(await page.locator('.wxm-cv-composer').innerText()).toBe('This conversation is read-only for you.');
    expect(await page.locator('textarea').count()).toBe(0);
  });
});

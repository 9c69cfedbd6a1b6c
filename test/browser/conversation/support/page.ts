/** Opening the harness page in Chromium and mounting the control with a PCF context. */
import type { Page } from 'playwright-core';
import type { Browser } from '../../../support/browser.js';
import type { MountOptions } from '../harness/page/fake-context.js';
import type { Harness } from '../harness/server.js';

export type { MountOptions };

interface HarnessGlobal {
  harness: {
    mount(options: MountOptions): Promise<void>;
    unmount(): void;
    resize(height: number): void;
    record: { missingStrings: string[]; requests: { method: string; url: string; status: number }[]; renders: number; trackContainerResize: boolean[] };
  };
}

export async function mountConversation(browser: Browser, harness: Harness, options: MountOptions): Promise<Page> {
  const { page } = browser;
  await page.goto(harness.url);
  await page.waitForFunction(() => 'harness' in globalThis);
  await page.evaluate((o) => (globalThis as unknown as HarnessGlobal).harness.mount(o), options);
  await page.waitForSelector('[data-testid=conversation], .wxm-cv-notice, .ms-MessageBar');
  return page;
}

/** The host gives the mounted control another height (as a custom page does when resized). */
export async function resizeHost(page: Page, height: number): Promise<void> {
  await page.evaluate((h) => (globalThis as unknown as HarnessGlobal).harness.resize(h), height);
}

/** What the page recorded: strings asked for that no resx has, Web API requests, renders. */
export function harnessRecord(page: Page): Promise<HarnessGlobal['harness']['record']> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.record);
}

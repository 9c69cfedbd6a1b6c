/**
 * Headless Chromium from Debian (`apt-get install -y chromium`) driven by playwright-core: no browser download.
 * Every request that leaves the machine is refused, so a test can never depend on a CDN; pages get React and
 * Fluent from our own harness server instead (as Dynamics provides them as platform libraries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TAKEN_DIR } from '../../scripts/screenshots.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors and uncaught exceptions (assert it stays empty). */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(options: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'wxm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    viewport: options.viewport ?? { width: 1100, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/net::ERR_BLOCKED_BY_CLIENT|Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Where tests write their screenshots: under .data/ (ignored by git), so a test run leaves the tree clean.
 * `npm run screenshots` runs the tests that take the README's and copies those to docs/screenshots/ on purpose.
 */
export const SCREENSHOTS = TAKEN_DIR;

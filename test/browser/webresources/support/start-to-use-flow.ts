/**
 * What an admin does on Start To Use, step by step in the browser: type the original ID, press the button,
 * follow the new tab through WeChat's authorization page (the simulator's) to the relay's result page, and
 * press "Back to Dynamics 365" there: the result goes to Start To Use by postMessage and the tab closes.
 * Every address the tab visits is kept, so tests can check that none carries the token.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

export interface RelayPageValues {
  appid: string;
  originalId: string;
  bindingToken: string;
  serverAddress: string;
}

export interface RelayTab {
  tab: Page;
  /** What the result page's copy buttons carry. */
  relayValues: RelayPageValues;
  /** The message the result page hands to Start To Use. */
  message: Record<string, unknown>;
  /** Every URL the tab navigated to, in order. */
  visited: string[];
  /** Errors the tab's pages logged (a Content-Security-Policy violation shows up here). */
  errors: string[];
}

/** Start To Use → new tab → WeChat's page → the relay's result page (not yet sent back). */
export async function authorizeInNewTab(context: BrowserContext, root: Page | FrameLocator, account: { appid: string; originalId: string }): Promise<RelayTab> {
  await root.locator('#authorize:not([disabled])').waitFor();
  await root.locator('#start-originalid').fill(account.originalId);
  const opened = context.waitForEvent('page');
  await root.locator('#authorize').click();
  const tab = await opened;
  const visited: string[] = [tab.url()];
  const errors: string[] = [];
  tab.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  tab.on('console', (msg) => {
    if (msg.type() === 'error' && !/net::ERR_BLOCKED_BY_CLIENT|Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  tab.on('framenavigated', (frame) => {
    if (frame === tab.mainFrame()) visited.push(frame.url());
  });
  await tab.waitForURL('**/cgi-bin/componentloginpage?**');
  await tab.locator(`#authorize-all-${account.appid}`).click();
  await tab.locator('#back').waitFor();
  const copied = await tab.locator('button[data-copy]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-copy') ?? ''));
  const [appid = '', originalId = '', bindingToken = '', serverAddress = ''] = copied;
  const message = JSON.parse((await tab.locator('#result').getAttribute('data-message')) ?? '{}') as Record<string, unknown>;
  return { tab, relayValues: { appid, originalId, bindingToken, serverAddress }, message, visited, errors };
}

/** The whole walk: the tab hands the result back and closes; Start To Use shows the result view. */
export async function authorizeFromPage(context: BrowserContext, root: Page | FrameLocator, account: { appid: string; originalId: string }): Promise<RelayTab> {
  const relay = await authorizeInNewTab(context, root, account);
  const closed = relay.tab.waitForEvent('close');
  await relay.tab.locator('#back').click();
  await closed;
  await root.locator('#result').waitFor();
  return relay;
}

/** What the result view shows, field by field. */
export async function shownResult(root: Page | FrameLocator): Promise<Record<string, string>> {
  return root
    .locator('dd[data-field]')
    .evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.getAttribute('data-field') ?? '', row.querySelector('[data-value]')?.textContent ?? ''])));
}

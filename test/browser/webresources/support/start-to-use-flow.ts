/**
 * What an admin does on Start To Use, step by step in the browser: type the original ID, press the button,
 * follow the new tab through WeChat's authorization page (the simulator's) and the relay's result page, and
 * take its "back" link to Start To Use again.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

export interface RelayPageValues {
  appid: string;
  originalId: string;
  bindingToken: string;
  serverAddress: string;
}

export async function authorizeFromPage(
  context: BrowserContext,
  root: Page | FrameLocator,
  account: { appid: string; originalId: string },
): Promise<{ tab: Page; relayValues: RelayPageValues }> {
  await root.locator('#authorize:not([disabled])').waitFor();
  await root.locator('#start-originalid').fill(account.originalId);
  const opened = context.waitForEvent('page');
  await root.locator('#authorize').click();
  const tab = await opened;
  await tab.waitForURL('**/cgi-bin/componentloginpage?**');
  await tab.locator(`#authorize-all-${account.appid}`).click();
  // The relay's result page: its copy buttons carry AppId, original ID, binding token and server address.
  await tab.locator('a.next').waitFor();
  const copied = await tab.locator('button[data-copy]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-copy') ?? ''));
  const [appid = '', originalId = '', bindingToken = '', serverAddress = ''] = copied;
  await tab.locator('a.next').click();
  await tab.locator('#result').waitFor();
  return { tab, relayValues: { appid, originalId, bindingToken, serverAddress } };
}

/** What the result view shows, field by field. */
export async function shownResult(tab: Page): Promise<Record<string, string>> {
  return tab.locator('dd[data-field]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [row.getAttribute('data-field') ?? '', row.querySelector('[data-value]')?.textContent ?? ''])),
  );
}

/** The browser toolchain itself: Debian's Chromium starts headless, renders a page, and screenshots decode. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { openBrowser } from './browser.js';
import { distinctColours, sameImage } from './screenshots.js';

it('renders a local page, refuses the internet, and tells blank from drawn screenshots', async () => {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<html><body style="margin:0;background:#fff"><h1 id="t" style="color:#0b6">你好 👋 hello</h1><img src="https://unpkg.com/x.png"></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await openBrowser();
  try {
    await browser.page.goto(url);
    expect(await browser.page.textContent('#t')).toBe('你好 👋 hello');
    const drawn = await browser.page.screenshot();
    await browser.page.setContent('<html><body style="background:#fff"></body></html>');
    const blank = await browser.page.screenshot();
    expect(distinctColours(drawn)).toBeGreaterThan(5);
    expect(distinctColours(blank)).toBe(1);
    expect(sameImage(drawn, blank)).toBe(false);
  } finally {
    await browser.close();
    server.close();
  }
}, 60_000);

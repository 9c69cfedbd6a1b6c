/**
 * Walks the authorization flow exactly as an admin's browser does: relay /api/wechat/authorize (which sets the
 * browser cookie) → WeChat's authorization page → "authorize" → back to the relay's callback with that cookie
 * → result page. Used by the sandbox (to authorize the demo account through the real flow) and by end-to-end
 * tests. The result comes from the message the page hands to Start To Use (postMessage), as in a browser: no
 * URL of the walk carries the binding token, and `urls` lists them all so tests can check.
 */

export interface AuthorizationOutcome {
  /** The result page's HTML. */
  html: string;
  appid: string;
  originalId: string;
  bindingToken: string;
  serverAddress: string;
  missing: number[];
  /** The org origin the binding token is for. */
  org: string;
  /** Where the page's "Back to Dynamics 365" link points (Start To Use, nothing added). */
  backLink: string;
  /** Every URL the walk requested or was sent to: links, Location headers, the callback. */
  urls: string[];
  /** The browser cookie (`name=value`) /authorize set. */
  cookie: string;
}

/** Start To Use on a host of the Global cloud pattern: accepted without any setting, the token binds only there. */
export const DEFAULT_ORG = 'https://wxm-sandbox.crm.dynamics.com';

export async function authorizeThroughBrowser(input: {
  relayUrl: string;
  appid: string;
  originalId: string;
  /** The Dynamics environment Start To Use runs in (its origin is the org of the token). */
  orgUrl?: string;
  /** Start To Use's own address; defaults to its web resource on `orgUrl`. */
  returnUrl?: string;
}): Promise<AuthorizationOutcome> {
  const org = new URL(input.orgUrl ?? DEFAULT_ORG).origin;
  const returnUrl = input.returnUrl ?? `${org}/WebResources/wxm_/pages/starttouse.html?lang=en`;
  const start = new URL('/api/wechat/authorize', input.relayUrl);
  start.searchParams.set('originalId', input.originalId);
  start.searchParams.set('returnUrl', returnUrl);
  if (input.orgUrl) start.searchParams.set('orgUrl', input.orgUrl);
  const urls = [start.toString()];

  // The relay answers with a page on its own domain that goes on to WeChat (WeChat checks the referrer).
  const hop = await fetch(start, { redirect: 'manual' });
  const hopHtml = await hop.text();
  const wechatLink = /id="wechat-authorize"[^>]*href="([^"]+)"/.exec(hopHtml)?.[1];
  if (hop.status !== 200 || !wechatLink)
    throw new Error(`relay /api/wechat/authorize answered ${hop.status} without a link to WeChat: ${hopHtml.slice(0, 300)}`);
  const cookie = (hop.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error('relay /api/wechat/authorize set no browser cookie');
  const toWechat = new URL(decodeEntities(wechatLink));
  urls.push(toWechat.toString());
  const page = await fetch(toWechat);
  const pageHtml = await page.text();
  const link = new RegExp(`id="authorize-all-${input.appid}" href="([^"]+)"`).exec(pageHtml)?.[1];
  if (!link) throw new Error(`the authorization page does not offer ${input.appid}`);
  const approve = new URL(decodeEntities(link), toWechat);
  urls.push(approve.toString());
  const back = await expectRedirect(await fetch(approve, { redirect: 'manual' }), 'WeChat authorization page');
  urls.push(back.toString());
  const result = await fetch(back, { headers: { cookie }, redirect: 'manual' });
  const html = await result.text();
  if (result.status !== 200) throw new Error(`the relay's callback answered ${result.status}: ${html.slice(0, 300)}`);
  const message = resultMessage(html);
  const backLink = decodeEntities(/id="back" class="next" href="([^"]+)"/.exec(html)?.[1] ?? '');
  urls.push(backLink, ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => decodeEntities(m[1] ?? '')));
  return {
    html,
    appid: String(message.appid ?? ''),
    originalId: String(message.originalId ?? ''),
    bindingToken: String(message.bindingToken ?? ''),
    serverAddress: String(message.serverAddress ?? ''),
    missing: Array.isArray(message.missing) ? message.missing.map(Number) : [],
    org: String(message.org ?? ''),
    backLink,
    urls,
    cookie,
  };
}

/** The message the result page hands to Start To Use (its `data-message`). */
export function resultMessage(html: string): Record<string, unknown> {
  const data = /<main id="result" data-message="([^"]+)"/.exec(html)?.[1];
  if (!data) throw new Error('the result page carries no result message');
  return JSON.parse(decodeEntities(data)) as Record<string, unknown>;
}

async function expectRedirect(res: Response, what: string): Promise<URL> {
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`${what} answered ${res.status} instead of a redirect: ${(await res.text()).slice(0, 200)}`);
  return new URL(location, res.url);
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

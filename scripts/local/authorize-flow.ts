/**
 * Walks the authorization flow exactly as an admin's browser does: relay /api/wechat/authorize → WeChat's
 * authorization page → "authorize" → back to the relay's callback → result page. Used by the sandbox (to bind
 * the demo account through the real flow) and by end-to-end tests.
 */

export interface AuthorizationOutcome {
  /** The result page's HTML. */
  html: string;
  appid: string;
  originalId: string;
  bindingToken: string;
  serverAddress: string;
  missing: number[];
  /** Host of the environment the account was bound to directly (Start To Use opened from a connected org). */
  boundTo?: string;
}

export async function authorizeThroughBrowser(input: {
  relayUrl: string;
  appid: string;
  originalId: string;
  /** Where the result page's "back" link points (the fragment carries the result). */
  returnUrl?: string;
  /** The Dynamics environment Start To Use was opened from. */
  orgUrl?: string;
}): Promise<AuthorizationOutcome> {
  const returnUrl = input.returnUrl ?? 'https://sandbox.invalid/start-to-use';
  const start = new URL('/api/wechat/authorize', input.relayUrl);
  start.searchParams.set('originalId', input.originalId);
  start.searchParams.set('returnUrl', returnUrl);
  if (input.orgUrl) start.searchParams.set('orgUrl', input.orgUrl);

  // The relay answers with a page on its own domain that goes on to WeChat (WeChat checks the referrer).
  const hop = await fetch(start, { redirect: 'manual' });
  const hopHtml = await hop.text();
  const wechatLink = /id="wechat-authorize"[^>]*href="([^"]+)"/.exec(hopHtml)?.[1];
  if (hop.status !== 200 || !wechatLink) throw new Error(`relay /api/wechat/authorize answered ${hop.status} without a link to WeChat: ${hopHtml.slice(0, 200)}`);
  const toWechat = new URL(decodeEntities(wechatLink));
  const page = await fetch(toWechat);
  const pageHtml = await page.text();
  const link = new RegExp(`id="authorize-all-${input.appid}" href="([^"]+)"`).exec(pageHtml)?.[1];
  if (!link) throw new Error(`the authorization page does not offer ${input.appid}`);
  const approve = new URL(decodeEntities(link), toWechat);
  const back = await expectRedirect(await fetch(approve, { redirect: 'manual' }), 'WeChat authorization page');
  const result = await fetch(back);
  const html = await result.text();
  if (result.status !== 200) throw new Error(`the relay's callback answered ${result.status}`);
  const next = /class="next" href="([^"]+)"/.exec(html)?.[1];
  if (!next) throw new Error('the result page has no link back to Dynamics');
  const fragment = new URLSearchParams(new URL(decodeEntities(next)).hash.slice(1));
  return {
    html,
    appid: fragment.get('appid') ?? '',
    originalId: fragment.get('originalId') ?? '',
    bindingToken: fragment.get('bindingToken') ?? '',
    serverAddress: fragment.get('serverAddress') ?? '',
    missing: (fragment.get('missing') ?? '').split(',').filter(Boolean).map(Number),
    ...(fragment.get('boundTo') && { boundTo: fragment.get('boundTo') ?? '' }),
  };
}

async function expectRedirect(res: Response, what: string): Promise<URL> {
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`${what} answered ${res.status} instead of a redirect: ${(await res.text()).slice(0, 200)}`);
  return new URL(location, res.url);
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

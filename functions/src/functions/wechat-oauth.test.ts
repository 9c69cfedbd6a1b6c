/**
 * The web authorization routes, called as the Functions host calls them, with the relay built from settings
 * that point at the WeChat simulator (its authorize page and sns APIs over HTTP) and memory storage: the 302 to
 * WeChat, the follower's page in their language, a second landing answered from the first, forged states and
 * accounts without set 4 refused with their status codes. The page of a bound account (profile, binding) is
 * covered with the Dataverse emulator in relay/oauth/web-authorization.sim.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStorage, type MemoryStorage } from '@wxm/testkit/kit/storage/memory/create-memory-storage';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { DEMO, startHarness, type Harness } from '../../../test/emulators/wechat/testkit/harness.js';
import { useRelay } from '../app/current.js';
import { createRelay } from '../app/relay.js';
import { loadSettings } from '../config/settings.js';
import { wechatOAuthCallback } from './wechat-oauth-callback.js';
import { wechatOAuthStart } from './wechat-oauth.js';

const PUBLIC = 'https://relay.example.com';
const OPENID = 'oRouteUser01';
// A component whose AppSecret passes the settings check (the simulator's default one is made for its own tests).
const COMPONENT = {
  appid: `wx${randomBytes(8).toString('hex')}`,
  appsecret: randomBytes(16).toString('hex'),
  token: `t${randomBytes(8).toString('hex')}`,
  encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x'),
};
let h: Harness;
let storage: MemoryStorage;
const context = () => new InvocationContext({ invocationId: 'test', functionName: 'f', logHandler: () => undefined });

async function grant(scopes: number[]) {
  await storage.authorizers.put({
    appid: DEMO.appid,
    originalId: DEMO.originalId,
    nickName: DEMO.nickName,
    isMiniProgram: false,
    funcScopes: scopes,
    status: 'authorized',
    authorizedAt: 0,
    updatedAt: 0,
  });
  // The simulator's account grants the same sets (its authorize page answers 10005 without set 4).
  await h.sim.authorize(DEMO.appid, { scopes });
}

beforeEach(async () => {
  h = await startHarness({ component: COMPONENT });
  const clock = new ManualClock(Date.now());
  storage = createMemoryStorage({ clock });
  const settings = loadSettings({
    WECHAT_COMPONENT_APPID: COMPONENT.appid,
    WECHAT_COMPONENT_APPSECRET: COMPONENT.appsecret,
    WECHAT_COMPONENT_TOKEN: COMPONENT.token,
    WECHAT_COMPONENT_AES_KEY: COMPONENT.encodingAesKey,
    WECHAT_API_BASE: h.sim.url,
    WECHAT_MP_BASE: h.sim.url,
    RELAY_PUBLIC_URL: PUBLIC,
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    RELAY_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
    RELAY_RATE_LIMIT_SCALE: '50',
  });
  useRelay(createRelay(settings, { storage, clock }));
  const { ticket } = await h.sim.pushTicket();
  await storage.verifyTickets.put(COMPONENT.appid, { ticket, createTime: Math.floor(Date.now() / 1000) });
  await grant([1, 2, 3, 4]);
  await h.sim.push({ appid: DEMO.appid, openid: OPENID, msgType: 'event', event: 'subscribe' });
});
afterEach(async () => {
  useRelay(undefined);
  await h.close();
});

const get = (path: string, language = 'zh-CN,zh;q=0.9', appid = DEMO.appid) =>
  new HttpRequest({ method: 'GET', url: `${PUBLIC}/api/${path}`, headers: { 'accept-language': language }, params: { appid } });

/** The follower's WeChat browser on the simulator's authorize page: consents and is sent back. */
async function throughWechat(location: string): Promise<URL> {
  const url = new URL(location.replace('#wechat_redirect', ''));
  url.searchParams.set('sim_openid', OPENID);
  url.searchParams.set('sim_consent', '1');
  const r = await fetch(url, { redirect: 'manual' });
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location') ?? '');
}

async function land(back: URL, language?: string) {
  const res = await wechatOAuthCallback(get(`${back.pathname.slice('/api/'.length)}${back.search}`, language), context());
  return { status: res.status, body: String(res.body), headers: res.headers as Record<string, string> };
}

describe('GET /api/wechat/oauth/{appid} and its callback', () => {
  it('redirects to WeChat’s authorize page and lands on the follower’s page; the second landing is the same page without WeChat', async () => {
    const start = await wechatOAuthStart(get(`wechat/oauth/${DEMO.appid}?scope=userinfo`), context());
    expect(start.status).toBe(302);
    const location = (start.headers as Record<string, string>).location ?? '';
    expect(location.startsWith(`${h.sim.url}/connect/oauth2/authorize?`)).toBe(true);
    expect(new URL(location).searchParams.get('redirect_uri')).toBe(`${PUBLIC}/api/wechat/oauth/${DEMO.appid}/callback`);
    const back = await throughWechat(location);
    const first = await land(back);
    expect(first.status).toBe(200);
    expect(first.headers['content-security-policy']).toContain("script-src 'none'");
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['cache-control']).toBe('no-store');
    // The account has no Dataverse binding in this world: the page says nothing was saved.
    expect(first.body).toContain('<html lang="zh-CN">');
    expect(first.body).toContain('id="not-connected"');
    expect(first.body).toContain('该公众号尚未连接到 Dynamics 365');
    const exchanges = h.sim.stats().apiCalls['sns/oauth2/component/access_token'];
    expect(exchanges).toBe(1);
    const again = await land(back, 'en-US,en;q=0.8');
    expect(again.status).toBe(200);
    expect(again.body).toContain('<html lang="en">');
    expect(again.body).toContain('this account is not connected to Dynamics 365 yet');
    expect(h.sim.stats().apiCalls['sns/oauth2/component/access_token']).toBe(exchanges);
  });

  it('refuses an edited state with 400 before WeChat is called, in the follower’s language', async () => {
    const start = await wechatOAuthStart(get(`wechat/oauth/${DEMO.appid}`), context());
    const back = await throughWechat((start.headers as Record<string, string>).location ?? '');
    const state = back.searchParams.get('state') ?? '';
    back.searchParams.set('state', `${state.slice(0, 21)}${state[21] === 'A' ? 'B' : 'A'}${state.slice(22)}`);
    const before = JSON.stringify(h.sim.stats().apiCalls);
    const refused = await land(back, 'en');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('data-reason="forged-state"');
    expect(refused.body).toContain('This link was changed');
    expect(JSON.stringify(h.sim.stats().apiCalls)).toBe(before);
  });

  it('answers 403 for an account without set 4 and 400 for a bad appid or scene; nothing is stored', async () => {
    await grant([1, 2, 3]);
    const notGranted = await wechatOAuthStart(get(`wechat/oauth/${DEMO.appid}`), context());
    expect(notGranted.status).toBe(403);
    expect(String(notGranted.body)).toContain('权限集 4');
    const badAppid = await wechatOAuthStart(get('wechat/oauth/nope', 'en', 'nope'), context());
    expect(badAppid.status).toBe(400);
    await grant([1, 2, 3, 4]);
    const badScene = await wechatOAuthStart(get(`wechat/oauth/${DEMO.appid}?bind=spring_campaign`), context());
    expect(badScene.status).toBe(400);
    const denied = await land(new URL(`${PUBLIC}/api/wechat/oauth/${DEMO.appid}/callback?state=x`));
    expect(denied.status).toBe(400);
  });
});

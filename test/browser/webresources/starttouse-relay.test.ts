/**
 * The relay's side of Start To Use over HTTP, as a browser (with its cookie jar) or an attacker (without)
 * would call it: one relay process, the WeChat simulator, Azurite and two orgs (the bridge world). Each case
 * here failed on the relay before issue 8: foreign return URLs, callbacks from another browser, replayed
 * callbacks, a pre_auth_code per request, a lock blob per code, and tokens that bind in any org.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BindingTokens } from '../../../functions/src/relay/authorization/binding-tokens.js';
import { tableClient } from '../../../functions/src/storage/azure/connection.js';
import { TableKeyValueStore } from '../../../functions/src/storage/azure/table-key-value-store.js';
import { systemClock } from '../../../functions/src/kernel/clock.js';
import { authorizeThroughBrowser } from '../../../scripts/local/authorize-flow.js';
import { SignedService } from '@wxm/solution/schema';
import { accountA, accountC, startBridgeWorld, type BridgeWorld } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';

let world: BridgeWorld;
beforeAll(async () => {
  world = await startBridgeWorld();
}, 90_000);
afterAll(() => world?.close());

const startToUse = (org: string) => `${org}/WebResources/wxm_/pages/starttouse.html?lang=en`;
const preAuthCalls = () => world.sim.stats().apiCalls['component/api_create_preauthcode'] ?? 0;
const queryAuthCalls = () => world.sim.stats().queryAuthCalls;
const decode = (text: string) => text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL('/api/wechat/authorize', world.relay.url);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** /authorize as a browser: the cookie it set and the callback WeChat sends that browser back to after approval. */
async function approvedCallback(originalId: string, appid: string, org = world.orgs[0].environmentUrl): Promise<{ cookie: string; callback: string }> {
  const hop = await fetch(authorizeUrl({ originalId, returnUrl: startToUse(org) }));
  const cookie = (hop.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const wechat = new URL(decode(/id="wechat-authorize"[^>]*href="([^"]+)"/.exec(await hop.text())?.[1] ?? ''));
  const page = await (await fetch(wechat)).text();
  const approve = new URL(decode(new RegExp(`id="authorize-all-${appid}" href="([^"]+)"`).exec(page)?.[1] ?? ''), wechat);
  const back = await fetch(approve, { redirect: 'manual' });
  return { cookie, callback: back.headers.get('location') ?? '' };
}

async function blobCount(): Promise<number> {
  const service = BlobServiceClient.fromConnectionString(world.storageConnectionString);
  let n = 0;
  for await (const container of service.listContainers()) for await (const _blob of service.getContainerClient(container.name).listBlobsFlat()) n++;
  return n;
}

describe('GET /api/wechat/authorize', () => {
  it('serves the hop page with its security headers and a SameSite=Lax, HttpOnly cookie scoped to the authorize routes', async () => {
    const res = await fetch(authorizeUrl({ originalId: accountA.originalId, returnUrl: startToUse(world.orgs[0].environmentUrl) }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
    expect([
      res.headers.get('x-content-type-options'),
      res.headers.get('referrer-policy'),
      res.headers.get('cache-control'),
      res.headers.get('x-frame-options'),
    ]).toEqual(['nosniff', 'strict-origin', 'no-store', 'DENY']);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^wxm-authorize=[A-Za-z0-9_-]{43}; Path=\/api\/wechat\/authorize; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    expect(await res.text()).toContain(new URL(world.orgs[0].environmentUrl).host);
  });

  it.each([
    ['a return URL on a foreign origin', { returnUrl: 'https://evil.example/start' }, 'Start To Use must be opened from a Dynamics 365 environment'],
    ['no return URL', {}, 'The return address is missing or not valid'],
    [
      'an orgUrl that is not the return URL’s origin',
      { returnUrl: 'ORG_A', orgUrl: 'ORG_B' },
      'The return address is not on the Dynamics 365 environment named',
    ],
  ])('refuses %s with a 400 page, no cookie, and no call to WeChat', async (_what, params, text) => {
    const before = preAuthCalls();
    const resolved = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, v === 'ORG_A' ? startToUse(world.orgs[0].environmentUrl) : v === 'ORG_B' ? world.orgs[1].environmentUrl : v]),
    );
    const res = await fetch(authorizeUrl({ originalId: accountA.originalId, ...resolved }));
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain(text);
    expect(html).toMatch(/[\u4e00-\u9fff]/);
    expect(preAuthCalls()).toBe(before);
  });

  it('reuses one pre_auth_code for many starts of one account', async () => {
    const before = preAuthCalls();
    const codes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const html = await (await fetch(authorizeUrl({ originalId: 'gh_00000000f00d', returnUrl: startToUse(world.orgs[1].environmentUrl) }))).text();
      codes.add(new URL(decode(/id="wechat-authorize"[^>]*href="([^"]+)"/.exec(html)?.[1] ?? '')).searchParams.get('pre_auth_code') ?? '');
    }
    expect(codes.size).toBe(1);
    expect(preAuthCalls() - before).toBe(1);
  });
});

describe('GET /api/wechat/authorize/callback', () => {
  it('refuses a callback in another browser (no cookie, wrong cookie): 401, nothing exchanged; the right browser completes once', async () => {
    const { cookie, callback } = await approvedCallback(accountC.originalId, accountC.appid);
    const before = queryAuthCalls();
    for (const headers of [{}, { cookie: `wxm-authorize=${'A'.repeat(43)}` }] as Record<string, string>[]) {
      const res = await fetch(callback, { headers });
      expect(res.status).toBe(401);
      const html = await res.text();
      expect(html).toContain('Open Start To Use again in the browser you started in.');
      expect(html).toContain('请在您开始授权的浏览器中重新打开“开通服务”。');
      expect(html).not.toContain('wxb_');
    }
    expect(queryAuthCalls()).toBe(before);

    const ok = await fetch(callback, { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('referrer-policy')).toBe('no-referrer');
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'.*frame-ancestors 'none'/);
    expect(await ok.text()).toMatch(/data-message="[^"]*wxb_/);
    expect(queryAuthCalls()).toBe(before + 1);

    // A reload: "already used", no new token, WeChat not asked again.
    const again = await fetch(callback, { headers: { cookie } });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('This authorization was already completed: no new binding token is issued.');
    expect(html).not.toContain('wxb_');
    expect(queryAuthCalls()).toBe(before + 1);
  });

  it('never sends random auth codes to api_query_auth, and leaves no blob per code', async () => {
    await authorizeThroughBrowser({ relayUrl: world.relay.url, appid: accountA.appid, originalId: accountA.originalId, orgUrl: world.orgs[0].environmentUrl });
    const [blobs, calls] = [await blobCount(), queryAuthCalls()];
    const hop = await fetch(authorizeUrl({ originalId: accountA.originalId, returnUrl: startToUse(world.orgs[0].environmentUrl) }));
    const state =
      new URL(
        new URL(decode(/id="wechat-authorize"[^>]*href="([^"]+)"/.exec(await hop.text())?.[1] ?? '')).searchParams.get('redirect_uri') ?? '',
      ).searchParams.get('state') ?? '';
    for (let i = 0; i < 5; i++) {
      const forged = await fetch(`${world.relay.url}/api/wechat/authorize/callback?state=forged.${i}&auth_code=queryauthcode@@@random${i}`);
      expect(forged.status).toBe(400);
      const stolen = await fetch(`${world.relay.url}/api/wechat/authorize/callback?state=${encodeURIComponent(state)}&auth_code=queryauthcode@@@random${i}`);
      expect(stolen.status).toBe(401);
    }
    expect(queryAuthCalls()).toBe(calls);
    for (let i = 0; i < 3; i++)
      await authorizeThroughBrowser({
        relayUrl: world.relay.url,
        appid: accountA.appid,
        originalId: accountA.originalId,
        orgUrl: world.orgs[0].environmentUrl,
      });
    expect(queryAuthCalls()).toBe(calls + 3);
    expect(await blobCount()).toBe(blobs);
  });
});

describe('the binding token', () => {
  it('travels in no URL of the whole walk, and names the org it was started from', async () => {
    const [orgA, orgB] = world.orgs;
    const outcome = await authorizeThroughBrowser({
      relayUrl: world.relay.url,
      appid: accountC.appid,
      originalId: accountC.originalId,
      orgUrl: orgA.environmentUrl,
    });
    expect(outcome.bindingToken).toMatch(/^wxb_/);
    expect(outcome.urls.length).toBeGreaterThanOrEqual(5);
    expect(outcome.urls.filter((u) => u.includes(outcome.bindingToken))).toEqual([]);
    expect(outcome.backLink).toBe(startToUse(orgA.environmentUrl));
    expect(outcome.org).toBe(orgA.environmentUrl);
    const kv = new TableKeyValueStore(tableClient(world.storageConnectionString, 'WxmKeyValues'), systemClock);
    expect(await new BindingTokens(kv, systemClock).peek(outcome.bindingToken)).toEqual({ authorizerAppid: accountC.appid, orgUrl: orgA.environmentUrl });

    // Typed into org B's Signed Service, a token of org A binds nothing there.
    const id = await world.createSignedService(orgB, {
      [SignedService.columns.AppId]: accountC.appid,
      [SignedService.columns.BindingToken]: outcome.bindingToken,
    });
    const status = await eventually(async () => {
      const res = await fetch(`${world.relay.url}/api/signed-services/${orgB.emulator.organizationId}/${id}/status`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { state: string; reason: string };
      expect(body.state).toBe('failed');
      return body;
    });
    expect(status.reason).toBe('binding-token-invalid');
  }, 60_000);
});

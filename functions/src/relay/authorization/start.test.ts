import { describe, expect, it } from 'vitest';
import { hashBrowserSecret } from './browser-binding.js';
import { authorizationWorld, ORG_A, ORG_B, PROFILE, START_TO_USE } from '@wxm/testkit/kit/relay/authorization-world';

const payload = (state: string) => JSON.parse(Buffer.from(state.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('starting an authorization', () => {
  it('redirects to WeChat with a redirect_uri back to the callback, auth_type 1 and a state bound to this browser and org', async () => {
    const w = authorizationWorld();
    const { location, state, secret } = await w.start();
    expect(location.searchParams.get('auth_type')).toBe('1');
    expect(location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@1');
    const redirect = new URL(location.searchParams.get('redirect_uri') ?? '');
    expect(`${redirect.origin}${redirect.pathname}`).toBe('https://relay.example/api/wechat/authorize/callback');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state carries the hash of the cookie's secret, never the secret itself.
    expect(state).not.toContain(secret);
    expect(payload(state)).toMatchObject({
      originalId: PROFILE.originalId,
      org: ORG_A,
      returnUrl: `${ORG_A}${START_TO_USE}`,
      browser: hashBrowserSecret(secret),
    });
    expect(payload(state).id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('keeps the secret a browser already has, so two tabs of one browser both complete', async () => {
    const w = authorizationWorld();
    const first = await w.start();
    const second = await w.start({ browserSecret: first.secret });
    expect(second.secret).toBe(first.secret);
    expect(payload(second.state).id).not.toBe(payload(first.state).id);
    expect((await w.start({ browserSecret: 'not-a-secret' })).secret).not.toBe('not-a-secret');
  });

  it('refuses an original ID that is not gh_ + 12 hex', async () => {
    await expect(authorizationWorld().start({ originalId: 'gh_123' })).rejects.toMatchObject({ messageKey: 'invalid-original-id' });
  });

  it.each([
    ['a missing returnUrl', null, 'invalid-return-url'],
    ['a returnUrl that is no URL', 'not a url', 'invalid-return-url'],
    ['a foreign origin', 'https://evil.example/steal', 'return-url-not-allowed'],
    ['a look-alike host', 'https://org-a.crm5.dynamics.com.evil.example/x', 'return-url-not-allowed'],
    ['plain http on an org host', 'http://org-a.crm5.dynamics.com/x', 'return-url-not-allowed'],
    ['a loopback origin not allow-listed', 'http://127.0.0.1:7072/x', 'return-url-not-allowed'],
  ])('refuses %s before anything reaches WeChat', async (_what, returnUrl, reason) => {
    const w = authorizationWorld();
    await expect(w.start({ returnUrl })).rejects.toMatchObject({ messageKey: reason });
    expect(w.component.preAuthCalls).toBe(0);
  });

  it('refuses an orgUrl on another origin than the returnUrl', async () => {
    const w = authorizationWorld();
    await expect(w.start({ orgUrl: ORG_B })).rejects.toMatchObject({ messageKey: 'org-mismatch' });
    await expect(w.start({ orgUrl: 'https://org-a.crm5.dynamics.com:8443' })).rejects.toMatchObject({ messageKey: 'org-mismatch' });
    expect(payload((await w.start({ orgUrl: `${ORG_A}/` })).state).org).toBe(ORG_A);
    expect(w.component.preAuthCalls).toBe(1);
  });

  it('accepts an allow-listed loopback origin (sandbox) and drops a fragment from the returnUrl', async () => {
    const w = authorizationWorld({ extraOrigins: ['http://127.0.0.1:7072'] });
    const { state } = await w.start({ returnUrl: 'http://127.0.0.1:7072/WebResources/wxm_/pages/starttouse.html?lang=zh#appid=x' }, 'http://127.0.0.1:7072');
    expect(payload(state)).toMatchObject({ org: 'http://127.0.0.1:7072', returnUrl: 'http://127.0.0.1:7072/WebResources/wxm_/pages/starttouse.html?lang=zh' });
  });
});

describe('pre_auth_code reuse', () => {
  it('creates one code for many starts of one account within five minutes, a new one after', async () => {
    const w = authorizationWorld();
    const codes = [];
    for (let i = 0; i < 10; i++) codes.push((await w.start()).location.searchParams.get('pre_auth_code'));
    expect(new Set(codes)).toEqual(new Set(['preauthcode@@@1']));
    expect(w.component.preAuthCalls).toBe(1);
    w.clock.advance(5 * 60_000 - 1);
    expect((await w.start()).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@1');
    w.clock.advance(1);
    expect((await w.start()).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@2');
    expect(w.component.preAuthCalls).toBe(2);
  });

  it('keeps codes apart per original ID', async () => {
    const w = authorizationWorld();
    await w.start();
    expect((await w.start({ originalId: 'gh_ffffffffffff' })).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@2');
    expect((await w.start()).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@1');
  });

  it('never hands out a code with less than five minutes of its lifetime left', async () => {
    const w = authorizationWorld();
    w.component.preAuthSeconds = 400; // kept 100 s only
    await w.start();
    w.clock.advance(100_000);
    expect((await w.start()).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@2');
    w.component.preAuthSeconds = 240; // too short to keep at all
    w.clock.advance(100_000);
    await w.start();
    await w.start();
    expect(w.component.preAuthCalls).toBe(4);
  });

  it('starts afresh once an authorization of that account came back (the approval may have used the code up)', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const { completeAuthorization } = await import('./complete.js');
    await completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps);
    expect((await w.start()).location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@2');
  });
});

import { describe, expect, it } from 'vitest';
import { WechatApiError } from '../api/errors.js';
import { AuthorizerAccessTokenProvider } from './authorizer-access-token.js';
import { FakeClock, MemoryLock, MemoryRefreshTokenStore, MemoryTokenStore } from '@wxm/testkit/kit/wechat/tokens';

const APP = 'wxf8b4f85f3a794e77';
const HOUR = 3600_000;

/** A fake api_authorizer_token: access tokens aat-1, aat-2…, and a new refresh token each time unless told not to. */
function fakeApi(rotate = true) {
  const calls: Array<[string, string]> = [];
  return {
    calls,
    async authorizerToken(appid: string, refreshToken: string) {
      calls.push([appid, refreshToken]);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      const n = calls.length;
      return { accessToken: `aat-${n}`, expiresIn: 7200, ...(rotate && { refreshToken: `refresh-${n}` }) };
    },
  };
}

function setup(rotate = true) {
  const shared = { store: new MemoryTokenStore(), lock: new MemoryLock(), refreshTokens: new MemoryRefreshTokenStore(), clock: new FakeClock() };
  const api = fakeApi(rotate);
  const instance = () => new AuthorizerAccessTokenProvider({ ...shared, api });
  return { ...shared, api, instance };
}

const grant = { authorizerAppid: APP, accessToken: 'aat-q', expiresIn: 7200, refreshToken: 'refresh-q', funcScopes: [1, 2] };

describe('AuthorizerAccessTokenProvider', () => {
  it('saveQueryAuth stores both tokens; get then uses the stored access token', async () => {
    const { instance, store, refreshTokens, api, clock } = setup();
    const start = clock.now();
    await instance().saveQueryAuth(grant);
    expect(refreshTokens.map.get(APP)).toBe('refresh-q');
    expect(store.map.get(`authorizer:${APP}`)).toEqual({ value: 'aat-q', expiresAt: start + 7200_000 });
    await expect(instance().get(APP)).resolves.toBe('aat-q');
    expect(api.calls).toHaveLength(0);
  });

  it('two instances refreshing at once call WeChat exactly once', async () => {
    const { instance, api, refreshTokens } = setup();
    await instance().saveQueryAuth(grant);
    const [a, b] = [instance(), instance()];
    await a.invalidate(APP, 'aat-q');
    const values = await Promise.all([a.get(APP), b.get(APP), b.forAuthorizer(APP).get(), a.get(APP)]);
    expect(values).toEqual(['aat-1', 'aat-1', 'aat-1', 'aat-1']);
    expect(api.calls).toEqual([[APP, 'refresh-q']]);
    expect(refreshTokens.map.get(APP)).toBe('refresh-1');
  });

  it('persists the refresh token on every refresh, before the access token is returned', async () => {
    const { instance, api, refreshTokens, clock } = setup();
    await instance().saveQueryAuth(grant);
    const p = instance();
    for (let i = 1; i <= 3; i++) {
      clock.advance(2 * HOUR);
      await expect(p.get(APP)).resolves.toBe(`aat-${i}`);
      expect(refreshTokens.map.get(APP)).toBe(`refresh-${i}`);
    }
    expect(api.calls.map(([, r]) => r)).toEqual(['refresh-q', 'refresh-1', 'refresh-2']);
    expect(refreshTokens.writes).toEqual([
      [APP, 'refresh-q'],
      [APP, 'refresh-1'],
      [APP, 'refresh-2'],
      [APP, 'refresh-3'],
    ]);
  });

  it('keeps the old refresh token when WeChat returns none', async () => {
    const { instance, refreshTokens, clock } = setup(false);
    await instance().saveQueryAuth(grant);
    clock.advance(2 * HOUR);
    await expect(instance().get(APP)).resolves.toBe('aat-1');
    expect(refreshTokens.map.get(APP)).toBe('refresh-q');
  });

  it('respects the 10-minute margin', async () => {
    const { instance, api, clock } = setup();
    const p = instance();
    await p.saveQueryAuth(grant);
    clock.advance(2 * HOUR - 10 * 60_000 - 1);
    await expect(p.get(APP)).resolves.toBe('aat-q');
    clock.advance(1);
    await expect(p.get(APP)).resolves.toBe('aat-1');
    expect(api.calls).toHaveLength(1);
  });

  it('invalidate only expires the current value', async () => {
    const { instance, api } = setup();
    const p = instance();
    await p.saveQueryAuth(grant);
    await p.forAuthorizer(APP).invalidate('stale');
    await expect(p.get(APP)).resolves.toBe('aat-q');
    await p.forAuthorizer(APP).invalidate('aat-q');
    await expect(p.get(APP)).resolves.toBe('aat-1');
    expect(api.calls).toHaveLength(1);
  });

  it('accounts are independent', async () => {
    const { instance, api, refreshTokens } = setup();
    await refreshTokens.put('wxa', 'ra');
    await refreshTokens.put('wxb', 'rb');
    const p = instance();
    await Promise.all([p.get('wxa'), p.get('wxb')]);
    expect(api.calls.map(([a]) => a).sort()).toEqual(['wxa', 'wxb']);
  });

  it('without a refresh token: a typed error, and WeChat is not called', async () => {
    const { instance, api } = setup();
    await expect(instance().get('wxunknown')).rejects.toMatchObject({ name: 'WechatTokenError', kind: 'no-refresh-token', appid: 'wxunknown' });
    expect(api.calls).toHaveLength(0);
  });

  it('61023 (refresh token invalid) surfaces as WechatApiError and keeps the stored refresh token', async () => {
    const { store, lock, refreshTokens, clock } = setup();
    await refreshTokens.put(APP, 'refresh-old');
    const api = { authorizerToken: async () => Promise.reject(new WechatApiError(61023, 'refresh_token is invalid')) };
    const p = new AuthorizerAccessTokenProvider({ store, lock, refreshTokens, clock, api });
    await expect(p.get(APP)).rejects.toMatchObject({ errcode: 61023, kind: 'permission' });
    expect(refreshTokens.map.get(APP)).toBe('refresh-old');
  });

  it('refreshIfDue for a timer', async () => {
    const { instance, clock } = setup();
    const p = instance();
    await p.saveQueryAuth(grant);
    await expect(p.refreshIfDue(APP)).resolves.toBe(false);
    clock.advance(HOUR + 30 * 60_000); // 30 min left
    await expect(p.refreshIfDue(APP)).resolves.toBe(false);
    await expect(p.refreshIfDue(APP, 45 * 60_000)).resolves.toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../storage/memory/memory-key-value-store.js';
import { AuthorizationFailed } from '../errors.js';
import { memoryWorld } from '../test-support/fixtures.js';
import { BindingTokens } from './binding-tokens.js';
import { completeAuthorization, type CompleteDeps } from './complete.js';
import type { AuthorizationGrant, AuthorizerProfile, ComponentAuthorizationPort } from './component-port.js';
import { AuthorizationState } from './state.js';
import { startAuthorization } from './start.js';

/** A component port that behaves like WeChat for one account: single-use codes, counted calls. */
class FakeComponent implements ComponentAuthorizationPort {
  queryAuthCalls = 0;
  saved: AuthorizationGrant[] = [];
  codes = new Set(['code-1']);
  constructor(private readonly profile: AuthorizerProfile) {}
  async createPreAuthCode() {
    return 'preauthcode@@@1';
  }
  async queryAuth(code: string): Promise<AuthorizationGrant> {
    this.queryAuthCalls++;
    await new Promise((r) => setTimeout(r, 10));
    if (!this.codes.delete(code)) throw new Error('61010 code expired or used');
    return { authorizerAppid: this.profile.appid, accessToken: 'at', expiresIn: 7200, refreshToken: 'rt', funcScopes: [1, 2, 11] };
  }
  async getAuthorizerInfo() {
    return this.profile;
  }
  async saveGrant(grant: AuthorizationGrant) {
    this.saved.push(grant);
  }
  buildAuthorizationUrl(i: { preAuthCode: string; redirectUri: string; authType: 1 | 2 | 3; mobile: boolean }) {
    const u = new URL('https://mp.example/cgi-bin/componentloginpage');
    u.searchParams.set('pre_auth_code', i.preAuthCode);
    u.searchParams.set('redirect_uri', i.redirectUri);
    u.searchParams.set('auth_type', String(i.authType));
    return u.toString();
  }
}

const PROFILE: AuthorizerProfile = {
  appid: 'wxaaaabbbbccccdddd', originalId: 'gh_0123456789ab', nickName: '演示号 Demo', serviceType: 2, verifyType: 0,
  isMiniProgram: false, funcScopes: [1, 2, 11],
};

describe('authorization', () => {
  let world: ReturnType<typeof memoryWorld>;
  let component: FakeComponent;
  let deps: CompleteDeps;

  beforeEach(() => {
    world = memoryWorld();
    component = new FakeComponent(PROFILE);
    const kv = new MemoryKeyValueStore(world.clock);
    deps = {
      component,
      authorizers: world.storage.authorizers,
      kv,
      lock: world.storage.refreshLock,
      clock: world.clock,
      logger: world.logger,
      state: new AuthorizationState(randomBytes(32), world.clock),
      bindingTokens: new BindingTokens(kv, world.clock),
      publicUrl: 'https://relay.example',
    };
  });

  async function start(originalId = PROFILE.originalId, extra: Partial<{ returnUrl: string; orgUrl: string }> = {}) {
    const location = await startAuthorization(
      { originalId, returnUrl: extra.returnUrl ?? null, accountType: null, orgUrl: extra.orgUrl ?? null, mobile: false },
      { component, state: deps.state, publicUrl: deps.publicUrl },
    );
    const redirect = new URL(new URL(location).searchParams.get('redirect_uri') ?? '');
    return { location: new URL(location), state: redirect.searchParams.get('state'), redirect };
  }

  it('redirects to WeChat with a redirect_uri back to the callback and auth_type 1', async () => {
    const { location, redirect } = await start();
    expect(location.searchParams.get('auth_type')).toBe('1');
    expect(location.searchParams.get('pre_auth_code')).toBe('preauthcode@@@1');
    expect(`${redirect.origin}${redirect.pathname}`).toBe('https://relay.example/api/wechat/authorize/callback');
  });

  it('refuses an original ID that is not gh_ + 12 hex', async () => {
    await expect(start('gh_123')).rejects.toMatchObject({ messageKey: 'invalid-original-id' });
  });

  it('completes: stores the account, issues a one-time binding token, lists missing permissions', async () => {
    const { state } = await start(PROFILE.originalId, { returnUrl: 'https://org.crm5.dynamics.com/main.aspx?x=1', orgUrl: 'https://org.crm5.dynamics.com' });
    const result = await completeAuthorization({ state, authCode: 'code-1' }, deps);
    expect(result).toMatchObject({
      appid: PROFILE.appid,
      originalId: PROFILE.originalId,
      accountType: 'officialaccount',
      verified: true,
      serverAddress: `https://relay.example/api/wechat/accounts/${PROFILE.appid}/callback`,
      returnUrl: 'https://org.crm5.dynamics.com/main.aspx?x=1',
    });
    expect(result.missing.map((p) => p.id)).toEqual([7, 15]);
    expect((await world.storage.authorizers.get(PROFILE.appid))?.status).toBe('authorized');
    expect(component.saved).toHaveLength(1);
    expect(await deps.bindingTokens.redeem(result.bindingToken)).toEqual({ authorizerAppid: PROFILE.appid, orgUrl: 'https://org.crm5.dynamics.com/' });
    expect(await deps.bindingTokens.redeem(result.bindingToken)).toBeUndefined();
  });

  it('stores nothing when the authorized account is not the one named', async () => {
    const { state } = await start('gh_ffffffffffff');
    await expect(completeAuthorization({ state, authCode: 'code-1' }, deps)).rejects.toMatchObject({ messageKey: 'original-id-mismatch' });
    expect(await world.storage.authorizers.get(PROFILE.appid)).toBeUndefined();
    expect(component.saved).toHaveLength(0);
  });

  it('refuses missing, forged and expired states without calling WeChat', async () => {
    const { state } = await start();
    await expect(completeAuthorization({ state: null, authCode: 'code-1' }, deps)).rejects.toMatchObject({ messageKey: 'missing-state' });
    const forged = `${state!.split('.')[0]}x.${state!.split('.')[1]}`;
    await expect(completeAuthorization({ state: forged, authCode: 'code-1' }, deps)).rejects.toMatchObject({ messageKey: 'invalid-state' });
    world.clock.advance(31 * 60 * 1000);
    await expect(completeAuthorization({ state, authCode: 'code-1' }, deps)).rejects.toMatchObject({ messageKey: 'expired-state' });
    expect(component.queryAuthCalls).toBe(0);
  });

  it('exchanges a code once even when the redirect and the event race', async () => {
    const { state } = await start();
    const { exchangeAuthorizationCode } = await import('./exchange-code.js');
    const [page, event] = await Promise.all([
      completeAuthorization({ state, authCode: 'code-1' }, deps),
      exchangeAuthorizationCode('code-1', deps),
    ]);
    expect(component.queryAuthCalls).toBe(1);
    expect(page.appid).toBe(event.appid);
  });

  it('maps a refused code to a clear failure', async () => {
    const { state } = await start();
    const err = await completeAuthorization({ state, authCode: 'unknown' }, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthorizationFailed);
    expect((err as AuthorizationFailed).messageKey).toBe('auth-code-rejected');
  });
});

import { describe, expect, it } from 'vitest';
import { AuthorizationFailed } from '../errors.js';
import { completeAuthorization } from './complete.js';
import { exchangeAuthorizationCode } from './exchange-code.js';
import { authorizationWorld, ORG_A, ORG_B, PROFILE, START_TO_USE } from '@wxm/testkit/kit/relay/authorization-world';

describe('completing an authorization', () => {
  it('stores the account and issues a one-time binding token for the org the state names', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start({ orgUrl: ORG_A });
    const result = await completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps);
    expect(result).toMatchObject({
      appid: PROFILE.appid,
      originalId: PROFILE.originalId,
      accountType: 'officialaccount',
      verified: true,
      serverAddress: `https://relay.example/api/wechat/accounts/${PROFILE.appid}/callback`,
      returnUrl: `${ORG_A}${START_TO_USE}`,
      org: ORG_A,
    });
    expect(result.missing.map((p) => p.id)).toEqual([3, 7, 15]);
    expect((await w.storage.authorizers.get(PROFILE.appid))?.status).toBe('authorized');
    expect(await w.deps.bindingTokens.redeem(result.bindingToken)).toEqual({ authorizerAppid: PROFILE.appid, orgUrl: ORG_A });
    expect(await w.deps.bindingTokens.redeem(result.bindingToken)).toBeUndefined();
  });

  it('ties the token to the org it was started from: a start in org B yields a grant for B, never A', async () => {
    const w = authorizationWorld();
    w.component.codes.add('code-2');
    const a = await w.start({}, ORG_A);
    const b = await w.start({ browserSecret: a.secret }, ORG_B);
    const fromA = await completeAuthorization({ state: a.state, authCode: 'code-1', browserSecret: a.secret }, w.deps);
    const fromB = await completeAuthorization({ state: b.state, authCode: 'code-2', browserSecret: a.secret }, w.deps);
    expect((await w.deps.bindingTokens.peek(fromA.bindingToken))?.orgUrl).toBe(ORG_A);
    expect((await w.deps.bindingTokens.peek(fromB.bindingToken))?.orgUrl).toBe(ORG_B);
  });

  it.each([
    ['without the cookie', undefined],
    ['with another browser’s cookie', 'x'.repeat(43)],
    ['with a malformed cookie', 'short'],
  ])('refuses a callback %s: nothing exchanged, nothing stored, the state still usable in its own browser', async (_what, cookie) => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: cookie }, w.deps)).rejects.toMatchObject({ messageKey: 'browser-mismatch' });
    expect(w.component.queryAuthCalls).toBe(0);
    expect(await w.storage.authorizers.get(PROFILE.appid)).toBeUndefined();
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).resolves.toMatchObject({ appid: PROFILE.appid });
  });

  it('uses a state once: a reload is refused and mints no new token', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const issued: string[] = [];
    const issue = w.deps.bindingTokens.issue.bind(w.deps.bindingTokens);
    w.deps.bindingTokens.issue = async (grant) => {
      const token = await issue(grant);
      issued.push(token);
      return token;
    };
    const first = await completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps);
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).rejects.toMatchObject({ messageKey: 'state-used' });
    expect(issued).toEqual([first.bindingToken]);
    expect(w.component.queryAuthCalls).toBe(1);
    expect(await w.deps.bindingTokens.peek(first.bindingToken)).toEqual({ authorizerAppid: PROFILE.appid, orgUrl: ORG_A });
  });

  it('refuses missing, forged and expired states without calling WeChat', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const input = { authCode: 'code-1', browserSecret: secret };
    await expect(completeAuthorization({ ...input, state: null }, w.deps)).rejects.toMatchObject({ messageKey: 'missing-state' });
    const [body, mac] = state.split('.');
    await expect(completeAuthorization({ ...input, state: `${body}x.${mac}` }, w.deps)).rejects.toMatchObject({ messageKey: 'invalid-state' });
    w.clock.advance(31 * 60 * 1000);
    await expect(completeAuthorization({ ...input, state }, w.deps)).rejects.toMatchObject({ messageKey: 'expired-state' });
    expect(w.component.queryAuthCalls).toBe(0);
  });

  it('stores nothing when the authorized account is not the one named', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start({ originalId: 'gh_ffffffffffff' });
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).rejects.toMatchObject({
      messageKey: 'original-id-mismatch',
    });
    expect(await w.storage.authorizers.get(PROFILE.appid)).toBeUndefined();
    expect(w.component.saved).toHaveLength(0);
  });

  it('maps a refused code to a clear failure', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const err = await completeAuthorization({ state, authCode: 'unknown', browserSecret: secret }, w.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthorizationFailed);
    expect((err as AuthorizationFailed).messageKey).toBe('auth-code-rejected');
  });

  it('gives the state back when storage fails after the claim, so a reload completes', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const put = w.storage.authorizers.put.bind(w.storage.authorizers);
    w.storage.authorizers.put = async () => {
      throw new Error('table down');
    };
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).rejects.toThrow('table down');
    w.storage.authorizers.put = put;
    w.component.codes.add('code-1');
    await expect(completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).resolves.toMatchObject({ appid: PROFILE.appid });
  });
});

describe('exchanging a code once, without a lock', () => {
  it('exchanges once when the redirect and the event race', async () => {
    const w = authorizationWorld();
    const { state, secret } = await w.start();
    const [page, event] = await Promise.all([
      completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps),
      exchangeAuthorizationCode('code-1', w.deps),
    ]);
    expect(w.component.queryAuthCalls).toBe(1);
    expect(page.appid).toBe(event.appid);
  });

  it('gives every concurrent caller the one outcome, a refusal included', async () => {
    const w = authorizationWorld();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => exchangeAuthorizationCode('never-issued', w.deps)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as AuthorizationFailed).messageKey : 'ok'))).toEqual(Array(5).fill('auth-code-rejected'));
    expect(w.component.queryAuthCalls).toBe(1);
  });

  it('says "still running" when the other instance does not finish within the wait, and takes over once its claim lapses', async () => {
    const w = authorizationWorld();
    const { createHash } = await import('node:crypto');
    const key = `authcode:${createHash('sha256').update('code-1').digest('hex')}`;
    await w.kv.putIfAbsent(key, '!pending', w.clock.now() + 30_000);
    await expect(exchangeAuthorizationCode('code-1', { ...w.deps, waitMs: 300 })).rejects.toMatchObject({ name: 'ExchangeStillRunning' });
    expect(w.component.queryAuthCalls).toBe(0);
    w.clock.advance(30_000);
    await expect(exchangeAuthorizationCode('code-1', w.deps)).resolves.toMatchObject({ appid: PROFILE.appid });
    expect(w.component.queryAuthCalls).toBe(1);
  });
});

describe('completing an authorization of an account already connected (Update authorization)', () => {
  async function connectedTo(w: ReturnType<typeof authorizationWorld>, environmentUrl: string) {
    const organizationId = '00000000-0000-4000-8000-00000000000a';
    const signedServiceId = '00000000-0000-4000-8000-00000000000b';
    await w.storage.signedServices.put({ organizationId, signedServiceId, state: 'connected', reason: 'connected', environmentUrl, updatedAt: 0 });
    await w.storage.signedServices.bind(PROFILE.appid, { organizationId, signedServiceId, officialAccountId: '00000000-0000-4000-8000-00000000000c' });
    w.deps.registry = w.storage.signedServices;
  }

  it('says so when the authorization comes from the org the account is bound to', async () => {
    const w = authorizationWorld();
    await connectedTo(w, `${ORG_A}/`);
    const { state, secret } = await w.start({}, ORG_A);
    expect(await completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps)).toMatchObject({ org: ORG_A, alreadyConnected: true });
  });

  it('from another org it is a first authorization there: not connected, a token for that org only', async () => {
    const w = authorizationWorld();
    await connectedTo(w, ORG_A);
    const { state, secret } = await w.start({}, ORG_B);
    const result = await completeAuthorization({ state, authCode: 'code-1', browserSecret: secret }, w.deps);
    expect(result.alreadyConnected).toBe(false);
    expect(await w.deps.bindingTokens.peek(result.bindingToken)).toEqual({ authorizerAppid: PROFILE.appid, orgUrl: ORG_B });
    expect(await w.storage.signedServices.bindingOf(PROFILE.appid)).toMatchObject({ signedServiceId: '00000000-0000-4000-8000-00000000000b' });
  });
});

/**
 * Web authorization end to end against the WeChat simulator (its authorize page and sns APIs, over HTTP through
 * the real client) and the Dataverse emulator: the name with consent, binding by link, single-use codes and a
 * second landing answered from the first, forged and expired states refused before WeChat is called.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryKeyValueStore } from '@wxm/testkit/kit/storage/memory/memory-key-value-store';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { StaticBindings } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { authorizerTokens, componentToken, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { COMPONENT } from '../../../../test/emulators/wechat/testkit/fake-relay.js';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createOAuthApi } from '../../wechat/official-account/oauth.js';
import { PURPOSE_BINDING, QrCodeTable } from '../binding/binding-codes.js';
import { newBindingScene } from '../binding/scene.js';
import { landWebAuthorization, PENDING_TTL_MS, startWebAuthorization, WebAuthorizationRefused, type WebAuthorizationDeps } from './web-authorization.js';
import { WebAuthorizationStateKey } from './web-state.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const PUBLIC = 'https://relay.example.com';
const OPENID = 'oWebUser01';
let h: Harness;
let deps: WebAuthorizationDeps;
let dv: Awaited<ReturnType<Emulators['start']>>;
let accountId: string;
let clock: ManualClock;
let registry: MemoryAuthorizerRegistry;
let bindings: StaticBindings;

async function grant(scopes: number[]) {
  await registry.put({
    appid: DEMO.appid,
    originalId: DEMO.originalId,
    nickName: DEMO.nickName,
    isMiniProgram: false,
    funcScopes: scopes,
    status: 'authorized',
    authorizedAt: clock.now(),
    updatedAt: clock.now(),
  });
  await authorizerTokens(h.sim, DEMO.appid, scopes);
}

beforeEach(async () => {
  h = await startHarness();
  clock = new ManualClock(Date.now());
  registry = new MemoryAuthorizerRegistry();
  await grant([1, 2, 3, 4]);
  await h.sim.push({ appid: DEMO.appid, openid: OPENID, msgType: 'event', event: 'subscribe' });
  dv = await emulators.start({ schema: bindingTestSchema });
  const org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: DEMO.appid, [OfficialAccount.columns.Name]: 'Demo' });
  dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: OPENID,
    [Follower.columns.Name]: OPENID,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
  });
  bindings = new StaticBindings();
  bindings.accounts.set(DEMO.appid, {
    authorizerAppid: DEMO.appid,
    org,
    organizationId: dv.organizationId,
    signedServiceId: crypto.randomUUID(),
    officialAccountId: accountId,
  });
  const logger = new RecordingLogger();
  deps = {
    kv: new MemoryKeyValueStore(clock),
    clock,
    stateKey: new WebAuthorizationStateKey(Buffer.alloc(32, 7)),
    authorizers: registry,
    bindings,
    oauth: createOAuthApi(createWechatApiClient({ baseUrl: h.sim.url, logger })),
    componentToken: { get: () => componentToken(h.sim), invalidate: async () => undefined },
    componentAppid: COMPONENT.appid,
    publicUrl: PUBLIC,
    openBase: h.sim.url,
    logger,
  };
});
afterEach(async () => {
  await h.close();
});

/** The follower's WeChat browser: opens the authorize URL, consents, and is sent back with code and state. */
async function follow(location: string): Promise<{ code: string; state: string }> {
  const url = new URL(location.replace('#wechat_redirect', ''));
  url.searchParams.set('sim_openid', OPENID);
  url.searchParams.set('sim_consent', '1');
  const r = await fetch(url, { redirect: 'manual' });
  expect(r.status).toBe(302);
  const back = new URL(r.headers.get('location') ?? '');
  expect(back.origin + back.pathname).toBe(`${PUBLIC}/api/wechat/oauth/${DEMO.appid}/callback`);
  return { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebAuthorizationRefused) return e.reason;
    throw e;
  }
  throw new Error('expected a refusal');
}

const start = (scope: string | null, bind: string | null = null) => startWebAuthorization({ appid: DEMO.appid, scope, bind }, deps);

describe('web authorization on a relay page', () => {
  it('sends the browser to WeChat with component_appid and a short state; nothing secret in the URL', async () => {
    const { location } = await start('userinfo');
    const url = new URL(location);
    expect(url.pathname).toBe('/connect/oauth2/authorize');
    expect(url.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      appid: DEMO.appid,
      component_appid: COMPONENT.appid,
      scope: 'snsapi_userinfo',
      response_type: 'code',
      redirect_uri: `${PUBLIC}/api/wechat/oauth/${DEMO.appid}/callback`,
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
  });

  it('snsapi_userinfo with consent fills the follower name; the second landing is answered from the first without WeChat', async () => {
    const back = await follow((await start('userinfo')).location);
    const first = await landWebAuthorization({ appid: DEMO.appid, ...back }, deps);
    expect(first).toEqual({ saved: true, nickname: '微信用户er01', profile: { name: '微信用户er01', bindings: [] } });
    expect(dv.rows(EntitySets.Follower)[0]?.[Follower.columns.Name]).toBe('微信用户er01');
    const exchanges = h.sim.stats().apiCalls['sns/oauth2/component/access_token'];
    const again = await landWebAuthorization({ appid: DEMO.appid, ...back }, deps);
    expect(again).toEqual({ saved: true, nickname: '微信用户er01', profile: { name: '微信用户er01', bindings: [] }, repeated: true });
    expect(h.sim.stats().apiCalls['sns/oauth2/component/access_token']).toBe(exchanges);
    expect(exchanges).toBe(1);
  });

  it('a code WeChat already spent (another state carrying it) is refused as used, and stays refused', async () => {
    const first = await follow((await start('base')).location);
    await landWebAuthorization({ appid: DEMO.appid, ...first }, deps);
    const second = await follow((await start('base')).location);
    // The second state with the first one's code: WeChat answers 40029.
    expect(await refusal(landWebAuthorization({ appid: DEMO.appid, code: first.code, state: second.state }, deps))).toBe('code-used');
    expect(await refusal(landWebAuthorization({ appid: DEMO.appid, code: second.code, state: second.state }, deps))).toBe('code-used');
  });

  it('a forged or edited state, another account’s state and an expired one are refused before WeChat is called', async () => {
    const back = await follow((await start('base')).location);
    const before = JSON.stringify(h.sim.stats().apiCalls);
    const [id, mac] = back.state.split('.') as [string, string];
    const edited = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${mac}`;
    expect(await refusal(landWebAuthorization({ appid: DEMO.appid, code: back.code, state: edited }, deps))).toBe('forged-state');
    expect(await refusal(landWebAuthorization({ appid: DEMO.appid, code: back.code, state: 'x'.repeat(22) + '.' + 'y'.repeat(22) }, deps))).toBe(
      'forged-state',
    );
    expect(await refusal(landWebAuthorization({ appid: 'wx00000000000other', code: back.code, state: back.state }, deps))).toBe('forged-state');
    expect(JSON.stringify(h.sim.stats().apiCalls)).toBe(before);
    const late = await follow((await start('base')).location);
    clock.advance(PENDING_TTL_MS + 1);
    expect(await refusal(landWebAuthorization({ appid: DEMO.appid, ...late }, deps))).toBe('expired-state');
  });

  it('a bind= link binds the follower to the code’s contact, once (method web authorization)', async () => {
    const contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
    const scene = newBindingScene();
    const qrcodeId = dv.insert(QrCodeTable.entitySet, {
      wxm_name: 'Bind Mei Lin',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
      [QrCodeTable.purpose]: PURPOSE_BINDING,
      [QrCodeTable.scene]: scene,
      [QrCodeTable.expiresOn]: new Date(clock.now() + 600_000).toISOString(),
      'wxm_BindContactId@odata.bind': `/contacts(${contactId})`,
    });
    const result = await landWebAuthorization({ appid: DEMO.appid, ...(await follow((await start('base', scene)).location)) }, deps);
    // Dataverse keeps date-times to the second.
    const boundOn = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // The follower's own page: the kind of record they are bound to and since when, never the person's name.
    expect(result).toEqual({ saved: true, binding: { status: 'bound', person: 'contact' }, profile: { bindings: [{ kind: 'contact', boundOn }] } });
    const again = await landWebAuthorization({ appid: DEMO.appid, ...(await follow((await start('base', scene)).location)) }, deps);
    expect(again).toEqual({ saved: true, binding: { status: 'used' }, profile: { bindings: [{ kind: 'contact', boundOn }] } });
    expect(dv.rows(EntitySets.Binding).map((b) => [b[`_${Binding.columns.ContactId}_value`], b[Binding.columns.Method], b[Binding.columns.Source]])).toEqual([
      [contactId, 472610001, `qr:${qrcodeId}`],
    ]);
  });

  it('a follower who has no row in Dataverse yet: bind= binds nothing and leaves the code unused; no profile is shown', async () => {
    const stranger = 'oNotSyncedYet02';
    await h.sim.push({ appid: DEMO.appid, openid: stranger, msgType: 'event', event: 'subscribe' });
    const contactId = dv.insert('contacts', { firstname: 'Jun', lastname: 'Wu' });
    const scene = newBindingScene();
    dv.insert(QrCodeTable.entitySet, {
      wxm_name: 'Bind Jun Wu',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
      [QrCodeTable.purpose]: PURPOSE_BINDING,
      [QrCodeTable.scene]: scene,
      [QrCodeTable.expiresOn]: new Date(clock.now() + 600_000).toISOString(),
      'wxm_BindContactId@odata.bind': `/contacts(${contactId})`,
    });
    const url = new URL((await start('base', scene)).location.replace('#wechat_redirect', ''));
    url.searchParams.set('sim_openid', stranger);
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '');
    const result = await landWebAuthorization({ appid: DEMO.appid, code: back.searchParams.get('code'), state: back.searchParams.get('state') }, deps);
    expect(result).toEqual({ saved: true, binding: { status: 'no-follower' } });
    expect(dv.rows(EntitySets.Binding)).toEqual([]);
    expect(dv.rows(QrCodeTable.entitySet).map((r) => r[QrCodeTable.usedOn] ?? null)).toEqual([null]);
  });

  it('refuses to start for an account without set 4, a bad scope or a bad bind scene', async () => {
    await grant([1, 2, 3]);
    expect(await refusal(start('base'))).toBe('not-granted');
    await grant([1, 2, 3, 4]);
    expect(await refusal(start('openid'))).toBe('invalid-request');
    expect(await refusal(start('base', 'spring_campaign'))).toBe('invalid-request');
    expect(await refusal(startWebAuthorization({ appid: 'not-an-appid', scope: null, bind: null }, deps))).toBe('invalid-request');
  });
});

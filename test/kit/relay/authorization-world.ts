/**
 * Test support for the authorization use cases: a component port that behaves like WeChat for one account
 * (single-use codes, counted calls) and the deps wired as the composition root wires them, on memory ports.
 */
import { randomBytes } from 'node:crypto';
import { MemoryKeyValueStore } from '../storage/memory/memory-key-value-store.js';
import type { KeyValueStore } from '../../../functions/src/relay/ports/storage.js';
import { memoryWorld } from './fixtures.js';
import { BindingTokens } from '../../../functions/src/relay/authorization/binding-tokens.js';
import type { CompleteDeps } from '../../../functions/src/relay/authorization/complete.js';
import type { AuthorizationGrant, AuthorizerProfile, ComponentAuthorizationPort, PreAuthCode } from '../../../functions/src/relay/ports/component.js';
import { PreAuthCodes } from '../../../functions/src/relay/authorization/pre-auth-codes.js';
import { startAuthorization, type StartDeps, type StartInput } from '../../../functions/src/relay/authorization/start.js';
import { AuthorizationState } from '../../../functions/src/relay/authorization/state.js';

export const PROFILE: AuthorizerProfile = {
  appid: 'wxaaaabbbbccccdddd',
  originalId: 'gh_0123456789ab',
  nickName: '演示号 Demo',
  serviceType: 2,
  verifyType: 0,
  isMiniProgram: false,
  funcScopes: [1, 2, 11],
};

export const ORG_A = 'https://org-a.crm5.dynamics.com';
export const ORG_B = 'https://org-b.crm5.dynamics.com';
export const START_TO_USE = '/WebResources/wxm_/pages/starttouse.html?lang=en';

export class FakeComponent implements ComponentAuthorizationPort {
  preAuthCalls = 0;
  queryAuthCalls = 0;
  saved: AuthorizationGrant[] = [];
  codes = new Set(['code-1']);
  preAuthSeconds = 600;
  constructor(private readonly profile: AuthorizerProfile = PROFILE) {}
  async createPreAuthCode(): Promise<PreAuthCode> {
    this.preAuthCalls++;
    return { code: `preauthcode@@@${this.preAuthCalls}`, expiresInSeconds: this.preAuthSeconds };
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

export interface AuthorizationWorld extends ReturnType<typeof memoryWorld> {
  component: FakeComponent;
  kv: KeyValueStore;
  deps: CompleteDeps;
  startDeps: StartDeps;
  /** Starts as Start To Use would from `org`; returns the state, the browser secret and WeChat's URL. */
  start(input?: Partial<StartInput>, org?: string): Promise<{ state: string; secret: string; location: URL }>;
}

export function authorizationWorld(options: { extraOrigins?: string[] } = {}): AuthorizationWorld {
  const world = memoryWorld();
  const component = new FakeComponent();
  const kv = new MemoryKeyValueStore(world.clock);
  const state = new AuthorizationState(randomBytes(32), world.clock);
  const preAuthCodes = new PreAuthCodes(kv, world.clock);
  const deps: CompleteDeps = {
    component,
    authorizers: world.storage.authorizers,
    kv,
    clock: world.clock,
    logger: world.logger,
    onExchanged: (originalId) => preAuthCodes.forget(originalId),
    state,
    bindingTokens: new BindingTokens(kv, world.clock),
    preAuthCodes,
    publicUrl: 'https://relay.example',
  };
  const startDeps: StartDeps = { component, state, preAuthCodes, publicUrl: 'https://relay.example', orgOrigins: { extraOrigins: options.extraOrigins ?? [] } };
  return {
    ...world,
    component,
    kv,
    deps,
    startDeps,
    async start(input = {}, org = ORG_A) {
      const started = await startAuthorization(
        { originalId: PROFILE.originalId, returnUrl: `${org}${START_TO_USE}`, accountType: null, orgUrl: null, mobile: false, ...input },
        startDeps,
      );
      const location = new URL(started.location);
      const redirect = new URL(location.searchParams.get('redirect_uri') ?? '');
      return { state: redirect.searchParams.get('state') ?? '', secret: started.browserSecret, location };
    },
  };
}

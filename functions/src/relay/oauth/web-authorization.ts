/**
 * Web authorization on a relay page (§9 of the marketing notes): a follower opens a link (e.g. a menu button) to
 * `/api/wechat/oauth/{appid}`, the relay sends the browser to WeChat's authorize page with the account's appid, the
 * platform's component_appid and a signed single-use state; WeChat sends it back with a code, exchanged once.
 * With `snsapi_userinfo` and the follower's consent the follower's name is filled in Dataverse; with a binding
 * code's scene (`bind=`) the follower is bound to the person the code names, exactly as a scan would (one proof,
 * one binding).
 *
 * Single use and double redirects: the first landing claims the state (create-only in the shared store) and
 * keeps its result there; a second landing with the same state (WeChat's double redirect, a reload, the back
 * button) shows that result again without calling WeChat (whose code would answer 40029 now). A code that
 * WeChat refuses anyway (40029, used or expired) gets "open the link again", never a retry.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import { Follower } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import { DataverseError } from '../../dataverse/errors.js';
import { WechatApiError } from '../../wechat/api/errors.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { authorizeUrl, INVALID_CODE, type OAuthApi, type OAuthScope } from '../../wechat/official-account/oauth.js';
import type { AccountBindings } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { AuthorizerRegistry, KeyValueStore } from '../ports/storage.js';
import { isBindingScene } from '../binding/scene.js';
import type { PersonKind } from '../binding/people.js';
import { bindByScan, type BindingScanOutcome } from '../delivery/binding-scan.js';
import { followerKey } from '../delivery/keys.js';
import { readFollowerProfile, type FollowerProfile } from './follower-profile.js';
import { WebAuthorizationStateKey } from './web-state.js';

/** Permission set 4 (网页服务): exclusive, only one platform holds it per account. */
export const WEB_AUTHORIZATION_SET = 4;
/** A follower has this long between opening the link and coming back. */
export const PENDING_TTL_MS = 10 * 60_000;
/** How long a second landing still finds the first one's result. */
export const RESULT_TTL_MS = 30 * 60_000;
const APPID = /^wx[0-9A-Za-z]{16}$/;

export interface WebAuthorizationDeps {
  kv: KeyValueStore;
  clock: Clock;
  stateKey: WebAuthorizationStateKey;
  authorizers: Pick<AuthorizerRegistry, 'get'>;
  bindings: AccountBindings;
  oauth: OAuthApi;
  componentToken: TokenSource;
  componentAppid: string;
  /** The relay's public base URL: the redirect comes back to `${publicUrl}/api/wechat/oauth/{appid}/callback`. */
  publicUrl: string;
  /** https://open.weixin.qq.com in production; the simulator in tests. */
  openBase: string;
  logger: Logger;
}

export type WebAuthorizationRefusal =
  | 'invalid-request'
  /** The account is unknown, no longer authorized, or did not grant set 4. */
  | 'not-granted'
  /** Not a state we issued for this account (forged or edited). */
  | 'forged-state'
  /** Issued, but too long ago (or never stored). */
  | 'expired-state'
  /** The first landing of this state is still being answered. */
  | 'in-progress'
  /** WeChat refused the code: used (a double redirect) or expired. */
  | 'code-used'
  /** The follower did not consent (no code came back). */
  | 'denied';

export class WebAuthorizationRefused extends Error {
  override readonly name = 'WebAuthorizationRefused';
  constructor(readonly reason: WebAuthorizationRefusal) {
    super(`web authorization refused: ${reason}`);
  }
}

export interface WebAuthorizationResult {
  /** The name WeChat gave with consent (snsapi_userinfo), written to the follower row when the account is bound. */
  nickname?: string;
  /** False when the account has no Dataverse binding yet: nothing was written. */
  saved: boolean;
  /** What a `bind=` link did. */
  binding?: { status: BindingScanOutcome['status'] | 'no-follower'; person?: PersonKind };
  /** This is a second landing of the same state: the first one's result, shown again. */
  repeated?: boolean;
  /** The follower as Dataverse has them (their own page); absent when the follower has no row there yet. */
  profile?: FollowerProfile;
}

interface Pending {
  appid: string;
  scope: OAuthScope;
  bind?: string;
}

const pendingKey = (id: string) => `weboauth:${id}`;
const landedKey = (id: string) => `weboauth-landed:${id}`;
export const callbackPath = (appid: string) => `/api/wechat/oauth/${appid}/callback`;

export interface StartInput {
  appid: string;
  scope: string | null;
  bind: string | null;
}

/** The WeChat authorize URL to send the browser to. Costs one registry read and one store write. */
export async function startWebAuthorization(input: StartInput, deps: WebAuthorizationDeps): Promise<{ location: string }> {
  if (!APPID.test(input.appid)) throw new WebAuthorizationRefused('invalid-request');
  const scope: OAuthScope = input.scope === 'userinfo' || input.scope === 'snsapi_userinfo' ? 'snsapi_userinfo' : 'snsapi_base';
  if (input.scope !== null && !['base', 'userinfo', 'snsapi_base', 'snsapi_userinfo'].includes(input.scope))
    throw new WebAuthorizationRefused('invalid-request');
  if (input.bind !== null && !isBindingScene(input.bind)) throw new WebAuthorizationRefused('invalid-request');
  const account = await deps.authorizers.get(input.appid);
  if (!account || account.status !== 'authorized' || !account.funcScopes.includes(WEB_AUTHORIZATION_SET)) throw new WebAuthorizationRefused('not-granted');
  const { id, state } = deps.stateKey.issue(input.appid);
  const pending: Pending = { appid: input.appid, scope, ...(input.bind !== null && { bind: input.bind }) };
  await deps.kv.put(pendingKey(id), JSON.stringify(pending), deps.clock.now() + PENDING_TTL_MS);
  const redirectUri = `${deps.publicUrl.replace(/\/+$/, '')}${callbackPath(input.appid)}`;
  return { location: authorizeUrl({ appid: input.appid, componentAppid: deps.componentAppid, redirectUri, scope, state }, deps.openBase) };
}

export interface LandInput {
  appid: string;
  code: string | null;
  state: string | null;
}

/** WeChat's redirect back. Refusals throw WebAuthorizationRefused (the page says what to do); nothing else is stored. */
export async function landWebAuthorization(input: LandInput, deps: WebAuthorizationDeps): Promise<WebAuthorizationResult> {
  if (!APPID.test(input.appid)) throw new WebAuthorizationRefused('invalid-request');
  const id = deps.stateKey.verify(input.state, input.appid);
  if (!id) throw new WebAuthorizationRefused('forged-state');
  const now = deps.clock.now();
  if (!(await deps.kv.putIfAbsent(landedKey(id), 'working', now + RESULT_TTL_MS))) {
    const earlier = await deps.kv.get(landedKey(id));
    if (!earlier || earlier === 'working') throw new WebAuthorizationRefused('in-progress');
    const kept = JSON.parse(earlier) as WebAuthorizationResult | { refused: WebAuthorizationRefusal };
    if ('refused' in kept) throw new WebAuthorizationRefused(kept.refused);
    return { ...kept, repeated: true };
  }
  let result: WebAuthorizationResult;
  try {
    const pending = parsePending(await deps.kv.get(pendingKey(id)));
    if (!pending || pending.appid !== input.appid) throw new WebAuthorizationRefused('expired-state');
    await deps.kv.delete(pendingKey(id));
    if (!input.code) throw new WebAuthorizationRefused('denied');
    result = await exchangeAndApply(pending, input.code, deps);
  } catch (err) {
    // A refusal is the answer for every later landing too; anything else (WeChat or Dataverse down) leaves
    // nothing kept, and a reload says the link has to be opened again (its code may be spent).
    if (err instanceof WebAuthorizationRefused) await deps.kv.put(landedKey(id), JSON.stringify({ refused: err.reason }), now + RESULT_TTL_MS);
    else await deps.kv.delete(landedKey(id));
    throw err;
  }
  await deps.kv.put(landedKey(id), JSON.stringify(result), now + RESULT_TTL_MS);
  deps.logger.info('web authorization landed', {
    authorizerAppid: input.appid,
    saved: result.saved,
    named: result.nickname !== undefined,
    binding: result.binding?.status,
  });
  return result;
}

async function exchangeAndApply(pending: Pending, code: string, deps: WebAuthorizationDeps): Promise<WebAuthorizationResult> {
  let grant;
  try {
    grant = await deps.oauth.exchangeCode({ appid: pending.appid, code, componentAppid: deps.componentAppid }, deps.componentToken);
  } catch (err) {
    if (err instanceof WechatApiError && (err.errcode === INVALID_CODE || err.errcode === 40163)) throw new WebAuthorizationRefused('code-used');
    throw err;
  }
  const nickname = pending.scope === 'snsapi_userinfo' ? (await deps.oauth.userInfo(grant)).nickname : undefined;
  const bound = await deps.bindings.resolve(pending.appid);
  if (!bound) return { saved: false, ...(nickname !== undefined && { nickname }) };
  const org = bound.org;
  if (nickname !== undefined) {
    try {
      // Update only (If-Match *): a follower not synced yet gets their name with the sync, not a half row now.
      await org.update(Follower.entitySetName, followerKey(bound.officialAccountId, grant.openid), { [Follower.columns.Name]: nickname.slice(0, 100) }, '*');
    } catch (err) {
      if (!(err instanceof DataverseError && err.kind === 'not-found')) throw err;
    }
  }
  let binding: WebAuthorizationResult['binding'];
  if (pending.bind) {
    try {
      const outcome = await bindByScan(
        org,
        { accountId: bound.officialAccountId, openid: grant.openid, scene: pending.bind, at: new Date(deps.clock.now()), method: 'web' },
        deps.logger,
      );
      binding = { status: outcome.status, ...(outcome.status === 'bound' && { person: outcome.person }) };
    } catch (err) {
      // The follower has no row in Dataverse yet (not synced): the code stays unused for a scan or a later try.
      if (!(err instanceof DataverseError && err.kind === 'not-found')) throw err;
      binding = { status: 'no-follower' };
    }
  }
  const profile = await readFollowerProfile(org, bound.officialAccountId, grant.openid);
  return { saved: true, ...(nickname !== undefined && { nickname }), ...(binding && { binding }), ...(profile && { profile }) };
}

function parsePending(value: string | undefined): Pending | undefined {
  if (!value) return undefined;
  try {
    const p = JSON.parse(value) as Partial<Pending>;
    if (typeof p.appid !== 'string' || (p.scope !== 'snsapi_base' && p.scope !== 'snsapi_userinfo')) return undefined;
    return { appid: p.appid, scope: p.scope, ...(typeof p.bind === 'string' && { bind: p.bind }) };
  } catch {
    return undefined;
  }
}

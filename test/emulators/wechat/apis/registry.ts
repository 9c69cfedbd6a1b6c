/**
 * How a WeChat API call is judged, in the order WeChat applies it: credential (41001 / 40001 / 42001, 61014 / 61015
 * for the wrong kind of token), an injected failure, the daily quota (45009), the granted permission set (48001),
 * then the API itself. Outbound message APIs are recorded for GET /sim/sent whatever the outcome.
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';

export interface BinaryResult {
  kind: 'binary';
  bytes: Buffer;
  contentType: string;
  filename: string;
}

export type ApiResult = Record<string, unknown> | BinaryResult;

export interface ApiRequest {
  method: string;
  query: URLSearchParams;
  body: Buffer;
  contentType: string | undefined;
}

export interface ApiContext extends ApiRequest {
  state: SimState;
  api: string;
  /** The authorizer for Official Account APIs. */
  account: SimAccount;
  /** Parsed JSON body: 44002 when empty, 47001 when not a JSON object. */
  json(): Record<string, unknown>;
  /** Mass sends note who they reached, for GET /sim/sent. */
  recipients?: string[];
}

export interface ComponentContext extends ApiRequest {
  state: SimState;
  api: string;
  json(): Record<string, unknown>;
}

export type ApiSpec =
  | { api: string; auth: 'authorizer'; scope?: number; outbound?: boolean; handle(ctx: ApiContext): ApiResult | Promise<ApiResult> }
  | { api: string; auth: 'component' | 'none'; handle(ctx: ComponentContext): ApiResult | Promise<ApiResult> };

export function isBinary(result: ApiResult): result is BinaryResult {
  return (result as BinaryResult).kind === 'binary' && Buffer.isBuffer((result as BinaryResult).bytes);
}

export const OK = { errcode: 0, errmsg: 'ok' } as const;

function jsonReader(body: Buffer): () => Record<string, unknown> {
  let parsed: Record<string, unknown> | undefined;
  return () => {
    if (parsed) return parsed;
    const text = body.toString('utf8').trim();
    if (text === '') throw new WechatApiError(44002);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new WechatApiError(47001);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WechatApiError(47001);
    parsed = value as Record<string, unknown>;
    return parsed;
  };
}

/** A credential rejection; `owner` is the account a known-but-stale authorizer token belonged to. */
class TokenRejected extends WechatApiError {
  constructor(
    errcode: number,
    readonly owner?: string,
  ) {
    super(errcode);
  }
}

/** Checks a token against the book and keeps the counters the tests read. */
function checkToken(state: SimState, value: string | null, expected: 'component' | 'authorizer') {
  if (!value) throw new TokenRejected(41001);
  const check = state.tokens.check(value);
  if (check.replaced) state.stats.replacedTokenUses += 1;
  if (!check.ok) {
    if (check.reason === 'unknown' || check.reason === 'revoked') state.stats.unknownTokenRejections += 1;
    else state.stats.staleTokenRejections += 1;
    throw new TokenRejected(check.errcode, check.record?.kind === 'authorizer' ? check.record.owner : undefined);
  }
  if (check.record.kind !== expected) throw new TokenRejected(expected === 'component' ? 61014 : 61015);
  return check.record;
}

/** Authenticates an Official Account call; a send made with a stale token of a known account is still logged. */
function authorizerContext(spec: ApiSpec, state: SimState, request: ApiRequest, json: () => Record<string, unknown>): ApiContext {
  try {
    const record = checkToken(state, request.query.get('access_token'), 'authorizer');
    return { ...request, state, api: spec.api, account: state.account(record.owner), json };
  } catch (error) {
    const owner = error instanceof TokenRejected ? error.owner : undefined;
    const account = owner === undefined ? undefined : state.accounts.get(owner);
    if (account && 'outbound' in spec && spec.outbound) recordOutbound({ ...request, state, api: spec.api, account, json }, error as WechatApiError);
    throw error;
  }
}

export async function runApi(spec: ApiSpec, state: SimState, request: ApiRequest): Promise<ApiResult> {
  state.countCall(spec.api);
  const json = jsonReader(request.body);
  if (spec.auth !== 'authorizer') {
    if (spec.auth === 'component') {
      const token = request.query.get('component_access_token') ?? request.query.get('access_token');
      checkToken(state, token, 'component');
    }
    const failure = state.takeFailure(spec.api);
    if (failure) throw new WechatApiError(failure.errcode, failure.errmsg);
    if (!state.quota.take(state.component.appid, spec.api)) throw new WechatApiError(45009);
    return spec.handle({ ...request, state, api: spec.api, json });
  }
  const ctx = authorizerContext(spec, state, request, json);
  const { account } = ctx;
  try {
    const failure = state.takeFailure(spec.api);
    if (failure) throw new WechatApiError(failure.errcode, failure.errmsg);
    if (!state.quota.take(account.appid, spec.api)) throw new WechatApiError(45009);
    if (spec.scope !== undefined && !account.authorization?.scopes.includes(spec.scope)) throw new WechatApiError(48001);
    const result = await spec.handle(ctx);
    if (spec.outbound) recordOutbound(ctx, result);
    return result;
  } catch (error) {
    if (spec.outbound && error instanceof WechatApiError) recordOutbound(ctx, error);
    throw error;
  }
}

function recordOutbound(ctx: ApiContext, outcome: ApiResult | WechatApiError): void {
  const { state, api, account, json } = ctx;
  let body: unknown;
  try {
    body = json();
  } catch {
    body = null;
  }
  const errcode = outcome instanceof WechatApiError ? outcome.errcode : Number((outcome as Record<string, unknown>).errcode ?? 0);
  const errmsg = outcome instanceof WechatApiError ? outcome.errmsg : String((outcome as Record<string, unknown>).errmsg ?? 'ok');
  state.recordSent({ api, appid: account.appid, body, errcode, errmsg, ...(ctx.recipients ? { recipients: ctx.recipients } : {}) });
}

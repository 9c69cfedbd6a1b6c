/**
 * The authorization page flow: GET /cgi-bin/componentloginpage (PC, scan) or /safe/bindcomponent (mobile) shows the
 * accounts matching auth_type / biz_appid; GET /cgi-bin/componentloginpage/approve grants, pushes the authorization
 * event to the relay, and answers 302 to `redirect_uri?auth_code=…&expires_in=600`.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import type { ServerResponse } from 'node:http';
import { SimInputError } from '../errors.js';
import { approveAndNotify, grantedScopes } from '../flows/authorization.js';
import { redirect, sendHtml } from '../http/io.js';
import type { SimAccount } from '../state/accounts.js';
import { AUTH_CODE_TTL_SECONDS, type PreAuthCode } from '../state/codes.js';
import type { SimState } from '../state/simulator-state.js';
import { errorPage, loginPage } from './page.js';

export const LOGIN_PAGE_PATH = '/cgi-bin/componentloginpage';
export const APPROVE_PATH = '/cgi-bin/componentloginpage/approve';
export const MOBILE_PAGE_PATHS: readonly string[] = ['/safe/bindcomponent', '/wxaopen/safe/bindcomponent'];
const CARRIED = ['component_appid', 'pre_auth_code', 'redirect_uri', 'auth_type', 'biz_appid'] as const;

class PageError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validates the query both pages share and returns the accounts it allows. */
function eligibleAccounts(state: SimState, query: URLSearchParams): { accounts: SimAccount[]; redirectUri: URL; preAuthCode: PreAuthCode } {
  if (query.get('component_appid') !== state.component.appid) throw new PageError('invalid-component', '第三方平台 appid 无效 Invalid component_appid');
  const pre = state.codes.checkPreAuthCode(query.get('pre_auth_code'));
  if (!pre.ok) {
    const text = {
      unknown: '预授权码无效 Unknown pre_auth_code',
      expired: '预授权码已过期 pre_auth_code expired',
      used: '预授权码已使用 pre_auth_code already used',
    };
    throw new PageError(`preauthcode-${pre.reason}`, text[pre.reason]);
  }
  let redirectUri: URL;
  try {
    redirectUri = new URL(query.get('redirect_uri') ?? '');
  } catch {
    throw new PageError('invalid-redirect-uri', '回调地址无效 Invalid redirect_uri');
  }
  if (redirectUri.protocol !== 'http:' && redirectUri.protocol !== 'https:') throw new PageError('invalid-redirect-uri', '回调地址无效 Invalid redirect_uri');
  const authType = query.get('auth_type') ?? '3';
  if (!['1', '2', '3'].includes(authType)) throw new PageError('invalid-auth-type', 'auth_type 只能是 1、2、3 auth_type must be 1, 2 or 3');
  const bizAppid = query.get('biz_appid');
  const accounts = [...state.accounts.values()].filter(
    (a) => (authType === '3' || (authType === '1') === !a.isMiniProgram) && (!bizAppid || a.appid === bizAppid),
  );
  return { accounts, redirectUri, preAuthCode: pre.code };
}

function carried(query: URLSearchParams): URLSearchParams {
  const carry = new URLSearchParams();
  for (const name of CARRIED) {
    const value = query.get(name);
    if (value !== null) carry.set(name, value);
  }
  return carry;
}

export function showLoginPage(state: SimState, query: URLSearchParams, res: ServerResponse, mobile: boolean): void {
  try {
    const { accounts } = eligibleAccounts(state, query);
    sendHtml(res, 200, loginPage({ componentName: state.component.appid, accounts, carry: carried(query), approvePath: APPROVE_PATH, mobile }));
  } catch (error) {
    if (!(error instanceof PageError)) throw error;
    sendHtml(res, 200, errorPage(error.reason, error.message, mobile));
  }
}

export async function approve(state: SimState, query: URLSearchParams, res: ServerResponse): Promise<void> {
  try {
    const { accounts, redirectUri, preAuthCode } = eligibleAccounts(state, query);
    const account = accounts.find((a) => a.appid === query.get('appid'));
    if (!account) throw new PageError('account-not-eligible', '该帐号不能在此授权 This account cannot be authorized here');
    let scopes: number[] | undefined;
    if (query.get('scopes_submitted') === '1') {
      scopes = query.getAll('scope').map(Number);
      if (scopes.length === 0) throw new PageError('no-scope', '请至少选择一项权限 Choose at least one permission set');
      grantedScopes(account, scopes);
    }
    // One approval per pre_auth_code: mark it before the (slow) push so a double click cannot approve twice.
    preAuthCode.used = true;
    const approval = await approveAndNotify(state, account.appid, { ...(scopes ? { scopes } : {}), preAuthCode: preAuthCode.value });
    redirectUri.searchParams.set('auth_code', approval.authCode.value);
    redirectUri.searchParams.set('expires_in', String(AUTH_CODE_TTL_SECONDS));
    redirect(res, redirectUri.toString());
  } catch (error) {
    if (error instanceof PageError) sendHtml(res, 200, errorPage(error.reason, error.message));
    else if (error instanceof SimInputError) sendHtml(res, 200, errorPage('invalid-scope', error.message));
    else throw error;
  }
}

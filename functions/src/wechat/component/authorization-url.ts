/**
 * The page an account administrator opens to authorize the platform.
 * - PC (QR scan): `{mpBase}/cgi-bin/componentloginpage?…`
 * - Mobile (inside WeChat): `{openBase}/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect`
 *
 * The mobile host: WeChat serves it on open.weixin.qq.com (WxJava), not on mp.weixin.qq.com. `openBase`
 * overrides it; when unset it is `https://open.weixin.qq.com` if `mpBase` is WeChat's real host, and `mpBase`
 * itself otherwise, so a simulator configured through WECHAT_MP_BASE serves both pages.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/Authorization_Process_Technical_Description.html
 */

export interface AuthorizationUrlInput {
  /** WECHAT_MP_BASE, e.g. `https://mp.weixin.qq.com`. */
  mpBase: string;
  componentAppid: string;
  preAuthCode: string;
  /** Where WeChat sends the browser back with `auth_code`; its domain must be the platform's 授权发起页域名. */
  redirectUri: string;
  /** 1 Official Accounts only, 2 Mini Programs only, 3 both. */
  authType: 1 | 2 | 3;
  /** Pins the authorization to one account. */
  bizAppid?: string;
  mobile?: boolean;
  /** Host of the mobile page; see the module comment for the default. */
  openBase?: string;
}

const REAL_MP = 'https://mp.weixin.qq.com';
const REAL_OPEN = 'https://open.weixin.qq.com';

export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  const { componentAppid, preAuthCode, redirectUri, authType, bizAppid } = input;
  if (![1, 2, 3].includes(authType)) throw new RangeError('authType must be 1, 2 or 3');
  if (!componentAppid || !preAuthCode) throw new TypeError('componentAppid and preAuthCode are required');
  if (!/^https?:\/\//.test(redirectUri)) throw new TypeError('redirectUri must be an absolute http(s) URL');
  const mpBase = trim(input.mpBase);
  const params = new URLSearchParams();
  if (input.mobile) {
    params.set('action', 'bindcomponent');
    params.set('no_scan', '1');
  }
  params.set('component_appid', componentAppid);
  params.set('pre_auth_code', preAuthCode);
  params.set('redirect_uri', redirectUri);
  params.set('auth_type', String(authType));
  if (bizAppid) params.set('biz_appid', bizAppid);
  if (!input.mobile) return `${mpBase}/cgi-bin/componentloginpage?${params}`;
  const openBase = trim(input.openBase ?? (mpBase === REAL_MP ? REAL_OPEN : mpBase));
  return `${openBase}/wxaopen/safe/bindcomponent?${params}#wechat_redirect`;
}

function trim(base: string): string {
  return base.replace(/\/+$/, '');
}

/**
 * Maps WeChat's JSON answers of the component APIs to the typed results, checking the fields the relay
 * depends on: a missing token or appid is a WechatHttpError (an answer we cannot use), not a silent undefined.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 */
import { WechatHttpError } from '../api/errors.js';
import type { AuthorizerInfo } from './types.js';

type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function requireString(json: Json, name: string, path: string): string {
  const value = json[name];
  if (typeof value !== 'string' || value === '') {
    throw new WechatHttpError(`WeChat API ${path} answered without ${name}`, path);
  }
  return value;
}

export function optionalString(json: Json, name: string): string | undefined {
  const value = json[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requireSeconds(json: Json, name: string, path: string): number {
  const value = Number(json[name]);
  if (!Number.isFinite(value) || value <= 0) throw new WechatHttpError(`WeChat API ${path} answered without ${name}`, path);
  return value;
}

/** func_info: [{ funcscope_category: { id } }, …] → ids, sorted and unique. */
export function funcScopes(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids = value.map((item) => Number(obj(obj(item).funcscope_category).id)).filter((id) => Number.isInteger(id));
  return [...new Set(ids)].sort((a, b) => a - b);
}

function idOf(value: unknown): number | undefined {
  const id = obj(value).id;
  return typeof id === 'number' ? id : typeof id === 'string' && /^-?\d+$/.test(id) ? Number(id) : undefined;
}

export function toAuthorizerInfo(body: unknown, authorizerAppid: string, path: string): AuthorizerInfo {
  const info = obj(obj(body).authorizer_info);
  const auth = obj(obj(body).authorization_info);
  const serviceType = idOf(info.service_type_info);
  const verifyType = idOf(info.verify_type_info);
  const optional = {
    refreshToken: optionalString(auth, 'authorizer_refresh_token'),
    principalName: optionalString(info, 'principal_name'),
    alias: optionalString(info, 'alias'),
    headImg: optionalString(info, 'head_img'),
    qrcodeUrl: optionalString(info, 'qrcode_url'),
    accountStatus: typeof info.account_status === 'number' ? info.account_status : undefined,
    serviceType,
    verifyType,
  };
  return {
    appid: optionalString(auth, 'authorizer_appid') ?? authorizerAppid,
    nickName: optionalString(info, 'nick_name') ?? '',
    originalId: requireString(info, 'user_name', path),
    isMiniProgram: info.MiniProgramInfo !== undefined,
    funcScopes: funcScopes(auth.func_info),
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<AuthorizerInfo>),
  };
}

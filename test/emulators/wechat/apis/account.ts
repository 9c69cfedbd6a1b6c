/**
 * Account-level APIs: parametric QR codes and clear_quota.
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import { randomBytes } from 'node:crypto';
import { WechatApiError } from '../errors.js';
import { beijingDay, CLEAR_QUOTA_PER_MONTH } from '../state/quota.js';
import { requireCapability } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';

const DEFAULT_QR_EXPIRE = 60;
const MAX_QR_EXPIRE = 2_592_000;
const MAX_PERMANENT_SCENE_ID = 100_000;

function sceneOf(actionName: string, actionInfo: unknown): string | number {
  const scene = (actionInfo as { scene?: Record<string, unknown> } | undefined)?.scene;
  if (typeof scene !== 'object' || scene === null) throw new WechatApiError(47001);
  if (actionName.endsWith('STR_SCENE')) {
    const str = scene.scene_str;
    if (typeof str !== 'string' || str.length < 1 || str.length > 64) throw new WechatApiError(47001);
    return str;
  }
  const id = scene.scene_id;
  const max = actionName === 'QR_LIMIT_SCENE' ? MAX_PERMANENT_SCENE_ID : 0xffffffff;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > max) throw new WechatApiError(47001);
  return id;
}

export const accountApis: ApiSpec[] = [
  {
    api: 'qrcode/create',
    auth: 'authorizer',
    scope: 3,
    handle({ state, account, json }) {
      requireCapability(account, 'verified-service');
      const body = json();
      const actionName = body.action_name;
      if (typeof actionName !== 'string' || !['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'].includes(actionName)) {
        throw new WechatApiError(47001);
      }
      const scene = sceneOf(actionName, body.action_info);
      const ticket = `gQ${randomBytes(48).toString('base64url')}`;
      const url = `http://weixin.qq.com/q/${randomBytes(16).toString('base64url')}`;
      if (actionName.startsWith('QR_LIMIT')) {
        account.qrcodes.set(ticket, { actionName, scene });
        return { ticket, url };
      }
      const requested = body.expire_seconds === undefined ? DEFAULT_QR_EXPIRE : Number(body.expire_seconds);
      if (!Number.isFinite(requested) || requested <= 0) throw new WechatApiError(47001);
      const expireSeconds = Math.min(Math.floor(requested), MAX_QR_EXPIRE);
      account.qrcodes.set(ticket, { actionName, scene, expiresAt: state.clock.now() + expireSeconds * 1000 });
      return { ticket, expire_seconds: expireSeconds, url };
    },
  },
  {
    api: 'clear_quota',
    auth: 'authorizer',
    handle({ state, account, json }) {
      if (json().appid !== account.appid) throw new WechatApiError(40013);
      const month = beijingDay(state.clock.now()).slice(0, 7);
      const used = account.quotaClears.get(month) ?? 0;
      if (used >= CLEAR_QUOTA_PER_MONTH) throw new WechatApiError(48006);
      account.quotaClears.set(month, used + 1);
      state.quota.clear(account.appid);
      return { ...OK };
    },
  },
];

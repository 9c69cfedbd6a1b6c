/**
 * Custom menu: create (validated like WeChat: 1–3 buttons, up to 5 sub-buttons, name/key/url byte limits,
 * type-specific fields), get, delete.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
 */
import { WechatApiError } from '../errors.js';
import { OK, type ApiSpec } from './registry.js';

const TYPES = new Set([
  'click',
  'view',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'view_limited',
  'article_id',
  'article_view_limited',
  'miniprogram',
]);
const NEEDS_KEY = new Set(['click', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select']);

/** errcodes for top-level buttons and, +7, for sub-buttons (40016…40020 / 40023…40027). */
function checkButton(button: unknown, level: 'top' | 'sub'): void {
  const code = (top: number): number => (level === 'top' ? top : top + 7);
  if (typeof button !== 'object' || button === null) throw new WechatApiError(47001);
  const b = button as Record<string, unknown>;
  const nameLimit = level === 'top' ? 16 : 60;
  if (typeof b.name !== 'string' || b.name === '' || Buffer.byteLength(b.name) > nameLimit) throw new WechatApiError(code(40018));
  if (level === 'top' && b.sub_button !== undefined) {
    const subs = Array.isArray(b.sub_button) ? b.sub_button : (b.sub_button as { list?: unknown }).list;
    if (!Array.isArray(subs) || subs.length > 5) throw new WechatApiError(40023);
    if (subs.length > 0) {
      for (const sub of subs) checkButton(sub, 'sub');
      return;
    }
  }
  if (typeof b.type !== 'string' || !TYPES.has(b.type)) throw new WechatApiError(code(40017));
  if (NEEDS_KEY.has(b.type) && (typeof b.key !== 'string' || b.key === '' || Buffer.byteLength(b.key) > 128)) {
    throw new WechatApiError(code(40019));
  }
  if ((b.type === 'view' || b.type === 'miniprogram') && (typeof b.url !== 'string' || b.url === '' || Buffer.byteLength(b.url) > 1024)) {
    throw new WechatApiError(code(40020));
  }
  if (b.type === 'miniprogram' && (typeof b.appid !== 'string' || typeof b.pagepath !== 'string')) throw new WechatApiError(47001);
  if (b.type === 'media_id' && typeof b.media_id !== 'string') throw new WechatApiError(40007);
}

export const menuApis: ApiSpec[] = [
  {
    api: 'menu/create',
    auth: 'authorizer',
    scope: 15,
    handle({ account, json }) {
      const buttons = json().button;
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw new WechatApiError(40016);
      for (const button of buttons) checkButton(button, 'top');
      account.menu = structuredClone(buttons);
      return { ...OK };
    },
  },
  {
    api: 'menu/get',
    auth: 'authorizer',
    scope: 15,
    handle({ account }) {
      if (account.menu === undefined) throw new WechatApiError(46003);
      return { menu: { button: structuredClone(account.menu) } };
    },
  },
  {
    api: 'menu/delete',
    auth: 'authorizer',
    scope: 15,
    handle({ account }) {
      delete account.menu;
      return { ...OK };
    },
  },
];

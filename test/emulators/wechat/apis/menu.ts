/**
 * Custom and conditional menus: create (validated like WeChat: 1–3 buttons, up to 5 sub-buttons, name/key/url byte
 * limits, type-specific fields), get (the API's default menu and its conditional menus), delete (every conditional
 * menu goes with the default one), get_current_selfmenu_info (whatever is live, also a menu made in the MP console),
 * addconditional (a default menu first, 65303; matchrule tag_id only: sex, region, language and platform give 65320;
 * at most 3 redirect domains, 65316), delconditional (65301 for an unknown menuid) and trymatch (the last tag wins).
 * menu/create counts towards its 1,000 a day in the quota book (45009); addconditional keeps its own 1,000 here.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import { beijingDay } from '../state/quota.js';
import { menuForFollower, menusOf, newMenuId, selfMenuInfo, type Buttons } from './menu-state.js';
import { OK, type ApiSpec } from './registry.js';

/** addconditional creations a day (like menu/create's quota). */
export const CONDITIONAL_CREATIONS_PER_DAY = 1_000;
/** Match rules WeChat no longer honours: only tag_id still matches. */
const RETIRED_RULES = ['sex', 'country', 'province', 'city', 'client_platform_type', 'language', 'group_id'];

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

function checkMenu(buttons: unknown): Buttons {
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw new WechatApiError(40016);
  for (const button of buttons) checkButton(button, 'top');
  return structuredClone(buttons) as Buttons;
}

function redirectDomains(buttons: Buttons): Set<string> {
  const hosts = new Set<string>();
  const visit = (b: Record<string, unknown>) => {
    if (b.type === 'view' && typeof b.url === 'string') {
      const host = /^https?:\/\/([^/?#:]+)/i.exec(b.url)?.[1];
      if (host) hosts.add(host.toLowerCase());
    }
    if (Array.isArray(b.sub_button)) (b.sub_button as Record<string, unknown>[]).forEach(visit);
  };
  buttons.forEach(visit);
  return hosts;
}

function tagRule(account: SimAccount, matchrule: unknown): number {
  if (typeof matchrule !== 'object' || matchrule === null || Object.keys(matchrule).length === 0) throw new WechatApiError(65304, 'match rule empty');
  const rule = matchrule as Record<string, unknown>;
  if (RETIRED_RULES.some((k) => rule[k] !== undefined && rule[k] !== '')) throw new WechatApiError(65320, 'not support matchrule, only tag_id');
  const tagId = Number(rule.tag_id);
  if (rule.tag_id === undefined || rule.tag_id === '' || !Number.isInteger(tagId)) throw new WechatApiError(65304, 'match rule empty');
  if (tagId !== 2 && !account.tags.has(tagId)) throw new WechatApiError(45159);
  return tagId;
}

export const menuApis: ApiSpec[] = [
  {
    api: 'menu/create',
    auth: 'authorizer',
    scope: 15,
    handle({ account, json }) {
      const button = checkMenu(json().button);
      const menus = menusOf(account);
      menus.default = { button, source: 'api', menuid: newMenuId(menus) };
      account.menu = button;
      return { ...OK };
    },
  },
  {
    api: 'menu/get',
    auth: 'authorizer',
    scope: 15,
    handle({ account }) {
      const menus = menusOf(account);
      // A menu made in the MP console is live but not the API's: menu/get knows nothing of it.
      if (menus.default?.source !== 'api') throw new WechatApiError(46003);
      return {
        // WeChat names the default menu's menuid only beside conditional menus.
        ...(menus.conditional.length > 0
          ? {
              menu: { button: structuredClone(menus.default.button), menuid: Number(menus.default.menuid) },
              conditionalmenu: menus.conditional.map((m) => ({
                button: structuredClone(m.button),
                matchrule: { tag_id: String(m.tagId) },
                menuid: Number(m.menuid),
              })),
            }
          : { menu: { button: structuredClone(menus.default.button) } }),
      };
    },
  },
  {
    api: 'menu/delete',
    auth: 'authorizer',
    scope: 15,
    handle({ account }) {
      const menus = menusOf(account);
      delete menus.default;
      menus.conditional = [];
      delete account.menu;
      return { ...OK };
    },
  },
  {
    api: 'get_current_selfmenu_info',
    auth: 'authorizer',
    scope: 15,
    handle({ account }) {
      const live = menusOf(account).default;
      return live ? { is_menu_open: 1, selfmenu_info: { button: selfMenuInfo(live.button) } } : { is_menu_open: 0 };
    },
  },
  {
    api: 'menu/addconditional',
    auth: 'authorizer',
    scope: 15,
    handle({ account, json, state }) {
      const body = json();
      const button = checkMenu(body.button);
      const tagId = tagRule(account, body.matchrule);
      const menus = menusOf(account);
      if (!menus.default) throw new WechatApiError(65303, 'there is no selfmenu, please create selfmenu first');
      if (redirectDomains(button).size > 3) throw new WechatApiError(65316, 'domain is too many');
      const day = beijingDay(state.clock.now());
      const used = menus.conditionalCreations.get(day) ?? 0;
      if (used >= CONDITIONAL_CREATIONS_PER_DAY) throw new WechatApiError(45009);
      menus.conditionalCreations.set(day, used + 1);
      const menuid = newMenuId(menus);
      menus.conditional.push({ menuid, tagId, button });
      return { menuid };
    },
  },
  {
    api: 'menu/delconditional',
    auth: 'authorizer',
    scope: 15,
    handle({ account, json }) {
      const menuid = String(json().menuid ?? '');
      const menus = menusOf(account);
      const at = menus.conditional.findIndex((m) => m.menuid === menuid);
      if (at < 0) throw new WechatApiError(65301, 'menuid not exist');
      menus.conditional.splice(at, 1);
      return { ...OK };
    },
  },
  {
    api: 'menu/trymatch',
    auth: 'authorizer',
    scope: 15,
    handle({ account, json }) {
      const userId = json().user_id;
      const seen = typeof userId === 'string' ? menuForFollower(account, userId) : undefined;
      if (!seen) throw new WechatApiError(65302, 'user not exist');
      if (seen.source === 'none') throw new WechatApiError(46003);
      return { button: seen.button };
    },
  },
];

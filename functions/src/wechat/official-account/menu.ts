/**
 * Custom menus (自定义菜单) of an Official Account, called by the platform with the authorizer's token: publish the
 * default menu (menu/create), read what the API set (menu/get, with the conditional menus), delete every menu
 * (menu/delete: the conditional ones go with it), read what is live whoever made it (get_current_selfmenu_info, also
 * a menu made in the MP console), and conditional menus by tag (menu/addconditional, delconditional, trymatch).
 * Errors surface as WechatApiError with WeChat's errcode (40016–40027 for a bad button, 65320 for a match rule other
 * than a tag, 46003 when no menu exists, 45009 past the 1,000 creations a day). The relay checks the limits first
 * (relay/menus/menu-rules.ts); the codes remain the truth.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
import { WechatApiError } from '../api/errors.js';
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** A button as WeChat takes and returns it (the fields of its type; sub_button for a top button with a sub-menu). */
export interface MenuButton {
  name: string;
  type?: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  /** get_current_selfmenu_info: the value of a button made in the MP console (text, a media id, a URL). */
  value?: string;
  sub_button?: MenuButton[];
}

export interface ConditionalMenu {
  menuid: string;
  button: MenuButton[];
  tagId: string | undefined;
}

export interface ApiMenus {
  /** The default menu set through the API; undefined when there is none (46003). */
  button: MenuButton[] | undefined;
  conditional: ConditionalMenu[];
}

export interface LiveMenu {
  /** is_menu_open: the account has a menu switched on (made in the console or through the API). */
  open: boolean;
  button: MenuButton[];
}

export interface MenuApi {
  create(token: TokenSource, button: readonly MenuButton[]): Promise<void>;
  get(token: TokenSource): Promise<ApiMenus>;
  remove(token: TokenSource): Promise<void>;
  current(token: TokenSource): Promise<LiveMenu>;
  addConditional(token: TokenSource, button: readonly MenuButton[], tagId: string): Promise<string>;
  deleteConditional(token: TokenSource, menuid: string): Promise<void>;
  tryMatch(token: TokenSource, userId: string): Promise<MenuButton[]>;
}

/** WeChat's errcode when there is no menu (menu/get, trymatch). */
export const MENU_NOT_FOUND = 46003;
/** WeChat's errcode for a conditional match rule other than a tag (sex, region, language no longer match). */
export const MATCHRULE_NOT_SUPPORTED = 65320;

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A button from WeChat's answer; sub_button may be an array (menu/get) or `{ list }` (get_current_selfmenu_info). */
function button(raw: unknown): MenuButton {
  const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
  const out: MenuButton = { name: str(b.name) ?? '' };
  for (const field of ['type', 'key', 'url', 'media_id', 'article_id', 'appid', 'pagepath', 'value'] as const) {
    const value = str(b[field]);
    if (value !== undefined) out[field] = value;
  }
  const subs = Array.isArray(b.sub_button)
    ? b.sub_button
    : Array.isArray((b.sub_button as Json | undefined)?.list)
      ? ((b.sub_button as Json).list as unknown[])
      : [];
  if (subs.length > 0 || (b.sub_button !== undefined && out.type === undefined)) out.sub_button = subs.map(button);
  return out;
}

const buttons = (raw: unknown): MenuButton[] => (Array.isArray(raw) ? raw.map(button) : []);

export function createMenuApi(client: WechatApiClient): MenuApi {
  const post = (path: string, body: Json, token: TokenSource) => client.request<Json>({ method: 'POST', path, body, token });
  return {
    /** https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html */
    async create(token, button) {
      await post('/cgi-bin/menu/create', { button }, token);
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html (menu/get: 46003 = none) */
    async get(token) {
      let r: Json;
      try {
        r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/menu/get', token });
      } catch (err) {
        if (err instanceof WechatApiError && err.errcode === MENU_NOT_FOUND) return { button: undefined, conditional: [] };
        throw err;
      }
      const menu = (r.menu ?? {}) as Json;
      const conditional = (Array.isArray(r.conditionalmenu) ? r.conditionalmenu : []) as Json[];
      return {
        button: Array.isArray(menu.button) ? buttons(menu.button) : undefined,
        conditional: conditional.map((c) => ({
          menuid: str(c.menuid) ?? '',
          button: buttons(c.button),
          tagId: str((c.matchrule as Json | undefined)?.tag_id),
        })),
      };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html (every conditional menu too) */
    async remove(token) {
      await client.request<Json>({ method: 'GET', path: '/cgi-bin/menu/delete', token });
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html */
    async current(token) {
      const r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/get_current_selfmenu_info', token });
      const info = (r.selfmenu_info ?? {}) as Json;
      return { open: r.is_menu_open === 1, button: buttons(info.button) };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html (matchrule: tag_id only) */
    async addConditional(token, button, tagId) {
      const r = await post('/cgi-bin/menu/addconditional', { button, matchrule: { tag_id: tagId } }, token);
      const menuid = str(r.menuid);
      if (!menuid) throw new TypeError('menu/addconditional answered without a menuid');
      return menuid;
    },

    /** Personalized_menu_interface.html (删除个性化菜单) */
    async deleteConditional(token, menuid) {
      await post('/cgi-bin/menu/delconditional', { menuid }, token);
    },

    /** Personalized_menu_interface.html (测试个性化菜单匹配结果): user_id is an openid or a WeChat id. */
    async tryMatch(token, userId) {
      const r = await post('/cgi-bin/menu/trymatch', { user_id: userId }, token);
      return buttons(r.button);
    },
  };
}

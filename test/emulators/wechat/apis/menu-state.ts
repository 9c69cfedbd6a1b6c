/**
 * The menus an account holds on the simulated WeChat: the default menu (set through the API, or "made in the MP
 * console", which menu/get does not return but get_current_selfmenu_info does), the conditional menus by tag in the
 * order they were added, and what one follower sees: the conditional menu of the last of the follower's tags that
 * has one (the last tag wins), else the default menu.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { SimInputError } from '../errors.js';
import type { SimState } from '../state/simulator-state.js';
import type { SimAccount } from '../state/accounts.js';
import { followerAt } from '../state/follower-roster.js';

export type Buttons = Record<string, unknown>[];

export interface ConditionalMenu {
  menuid: string;
  tagId: number;
  button: Buttons;
}

export interface AccountMenus {
  default?: { button: Buttons; source: 'api' | 'console'; menuid: string };
  conditional: ConditionalMenu[];
  nextMenuId: number;
  /** addconditional creations per Beijing day (menu/create's are in the quota book). */
  conditionalCreations: Map<string, number>;
}

const BOOK = new WeakMap<SimAccount, AccountMenus>();

export function menusOf(account: SimAccount): AccountMenus {
  let menus = BOOK.get(account);
  if (!menus) {
    menus = { conditional: [], nextMenuId: 208379533, conditionalCreations: new Map() };
    BOOK.set(account, menus);
  }
  return menus;
}

export function newMenuId(menus: AccountMenus): string {
  menus.nextMenuId += 1;
  return String(menus.nextMenuId);
}

/** A menu made in the MP console (seeded by tests and the sandbox): live, but invisible to menu/get. */
export function setConsoleMenu(account: SimAccount, button: unknown): void {
  if (!Array.isArray(button) || button.length === 0) throw new SimInputError('button must be a non-empty array of buttons');
  const menus = menusOf(account);
  menus.default = { button: structuredClone(button) as Buttons, source: 'console', menuid: newMenuId(menus) };
}

export interface FollowerMenu {
  openid: string;
  source: 'conditional' | 'default' | 'none';
  menuid?: string;
  tagId?: number;
  button: Buttons;
}

/** The menu a follower gets (trymatch and GET /sim/menu); undefined for an openid the account never issued. */
export function menuForFollower(account: SimAccount, openid: string): FollowerMenu | undefined {
  const follower = followerAt(account, openid);
  if (!follower) return undefined;
  const menus = menusOf(account);
  if (!menus.default) return { openid, source: 'none', button: [] };
  // The follower's tags in the order they were added: the last one with a conditional menu wins; among menus of
  // one tag, the one added last.
  for (const tagId of [...follower.tagIds].reverse()) {
    const match = menus.conditional.filter((m) => m.tagId === tagId).at(-1);
    if (match) return { openid, source: 'conditional', menuid: match.menuid, tagId, button: structuredClone(match.button) };
  }
  return { openid, source: 'default', menuid: menus.default.menuid, button: structuredClone(menus.default.button) };
}

/** get_current_selfmenu_info's shape: a sub-menu's buttons under `sub_button.list`. */
export function selfMenuInfo(button: Buttons): Buttons {
  return button.map((b) => {
    const subs = Array.isArray(b.sub_button) ? (b.sub_button as Buttons) : [];
    if (subs.length === 0) {
      const { sub_button: _drop, ...leaf } = b;
      return leaf;
    }
    return { name: b.name, sub_button: { list: subs } };
  });
}

type Json = Record<string, unknown>;

/**
 * Control routes (/sim/menu…) for tests and the sandbox: GET /sim/menu?appid=&openid= is the menu that follower sees
 * (the last tag winning); without openid, every menu the account holds. POST /sim/menu/console {appid, button} makes a
 * menu "in the MP console".
 */
export const menuRoutes: Record<string, (state: SimState, body: Json, query: URLSearchParams) => [number, unknown]> = {
  'GET /sim/menu': (state, _body, query) => {
    const account = state.account(query.get('appid') ?? '');
    const openid = query.get('openid');
    if (openid) {
      const seen = menuForFollower(account, openid);
      return seen ? [200, seen] : [404, { error: `${openid} is not a follower of ${account.appid}` }];
    }
    const menus = menusOf(account);
    return [200, { default: menus.default ?? null, conditional: menus.conditional }];
  },
  'POST /sim/menu/console': (state, body) => {
    const account = state.account(typeof body.appid === 'string' ? body.appid : '');
    setConsoleMenu(account, body.button);
    return [200, { ok: true, menuid: menusOf(account).default?.menuid }];
  },
};

/**
 * Why a menu was not published or imported, in English then Chinese (wxm_failurereason keeps both), for refusals
 * found before WeChat is called and for WeChat's own answers to the menu APIs.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { describeWechatError } from '../../wechat/index.js';
import type { Bilingual } from './menu-rules.js';

export type MenuRefusal =
  | { code: 'no-account' }
  | { code: 'account-not-connected' }
  | { code: 'no-tag' }
  | { code: 'tag-not-in-wechat'; tag: string }
  | { code: 'tag-other-account'; tag: string }
  | { code: 'daily-quota'; limit: number };

export function explainRefusal(r: MenuRefusal): Bilingual {
  switch (r.code) {
    case 'no-account':
      return { en: 'Choose the official account the menu is for.', zh: '请选择菜单所属的公众号。' };
    case 'account-not-connected':
      return {
        en: 'The official account is not connected to this environment through a Signed Service: authorize it first.',
        zh: '该公众号未通过已注册的服务连接到此环境：请先完成授权。',
      };
    case 'no-tag':
      return { en: 'A conditional menu needs a tag: choose the tag whose followers see it.', zh: '个性化菜单须选择标签：即可见此菜单的粉丝所带的标签。' };
    case 'tag-not-in-wechat':
      return {
        en: `The tag "${r.tag}" is not in WeChat yet (it has no WeChat tag id): wait until it is synced, then publish again.`,
        zh: `标签“${r.tag}”尚未在微信中创建（没有微信标签 ID）：请待其同步后再发布。`,
      };
    case 'tag-other-account':
      return { en: `The tag "${r.tag}" belongs to another official account.`, zh: `标签“${r.tag}”属于其他公众号。` };
    case 'daily-quota':
      return {
        en: `The account already published ${r.limit} menus today, WeChat's daily limit: publish again tomorrow (Beijing time).`,
        zh: `该公众号今天已发布 ${r.limit} 次菜单，达到微信的每日上限：请于明天（北京时间）再发布。`,
      };
  }
}

/** WeChat's menu codes in the words of the menu, then WeChat's general text for anything else. */
const MENU_CODES: Record<number, Bilingual> = {
  45009: {
    en: "WeChat's daily limit of menu publications is reached (45009): publish again tomorrow.",
    zh: '已达到微信每日发布菜单的次数上限（45009）：请明天再发布。',
  },
  46003: { en: 'The account has no menu in WeChat (46003).', zh: '该公众号在微信中没有菜单（46003）。' },
  48001: {
    en: 'The account did not grant the menu permission set to the platform (48001): authorize it again with custom menus.',
    zh: '该公众号未向平台授权自定义菜单权限集（48001）：请重新授权并勾选自定义菜单。',
  },
  65301: { en: 'WeChat has no conditional menu with this id (65301).', zh: '微信中没有此 ID 的个性化菜单（65301）。' },
  65303: { en: 'WeChat has no default menu (65303): publish the default menu first.', zh: '微信中没有默认菜单（65303）：请先发布默认菜单。' },
  65304: { en: 'The conditional menu has no match rule (65304).', zh: '个性化菜单缺少匹配规则（65304）。' },
  65316: { en: 'The menu opens pages of more than 3 domains (65316).', zh: '菜单跳转的网页域名超过 3 个（65316）。' },
  65320: { en: 'WeChat matches conditional menus by tag only (65320).', zh: '微信只支持按标签匹配个性化菜单（65320）。' },
  45159: { en: 'WeChat does not know the tag (45159): it may have been deleted in the MP console.', zh: '微信中没有此标签（45159）：可能已在公众平台删除。' },
};

export function explainWechatError(errcode: number): Bilingual {
  const known = MENU_CODES[errcode];
  if (known) return known;
  const text = describeWechatError(errcode);
  return { en: `WeChat refused the menu: ${text.en} (${errcode})`, zh: `微信拒绝了此菜单：${text.zh}（${errcode}）` };
}

export const reasonText = (b: Bilingual): string => `${b.en}\n${b.zh}`;

/**
 * WeChat's rules for a custom menu, checked before WeChat is called and as the operator types: 1–3 top buttons,
 * 1–5 sub-buttons, names ≤ 16 bytes (top) / ≤ 60 bytes (sub), keys ≤ 128 bytes, urls ≤ 1,024 bytes, every button
 * type and the fields it needs; for a conditional menu a tag, a default menu already live, and at most 3 redirect
 * domains across its view buttons. Every problem says where (button 2, sub-button 3) and why, in English and
 * Chinese. Pure and without imports: the menu designer (pcf-controls/MenuDesigner) bundles this very file.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */

export interface Bilingual {
  en: string;
  zh: string;
}

/** A button as WeChat takes it (wxm_definition holds an array of these). */
export interface MenuButtonDef {
  name: string;
  type?: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  /** Only on buttons imported from a menu made in the MP console (text, img, voice, video, news). */
  value?: string;
  sub_button?: MenuButtonDef[];
}

export type ButtonField = 'name' | 'type' | 'key' | 'url' | 'media_id' | 'article_id' | 'appid' | 'pagepath' | 'sub_button' | 'menu';

export interface MenuProblem {
  /** 1-based top button; undefined for the whole menu. */
  top?: number;
  /** 1-based sub-button of `top`. */
  sub?: number;
  field: ButtonField;
  /** The errcode WeChat would answer, when it has one. */
  errcode?: number;
  reason: Bilingual;
}

export const MENU_LIMITS = {
  topButtons: 3,
  subButtons: 5,
  topNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
  conditionalDomains: 3,
  creationsPerDay: 1000,
} as const;

export interface ButtonTypeInfo {
  type: string;
  /** Fields the type needs besides name. */
  fields: readonly Exclude<ButtonField, 'name' | 'type' | 'sub_button' | 'menu'>[];
  label: Bilingual;
}

/** Every button type WeChat's API offers, with the fields it needs (the designer lists them in this order). */
export const BUTTON_TYPES: readonly ButtonTypeInfo[] = [
  { type: 'click', fields: ['key'], label: { en: 'Click (answered by an auto reply)', zh: '点击推事件（由自动回复应答）' } },
  { type: 'view', fields: ['url'], label: { en: 'Open a web page', zh: '跳转网页' } },
  { type: 'miniprogram', fields: ['url', 'appid', 'pagepath'], label: { en: 'Open a Mini Program', zh: '打开小程序' } },
  { type: 'scancode_push', fields: ['key'], label: { en: 'Scan a code', zh: '扫码推事件' } },
  { type: 'scancode_waitmsg', fields: ['key'], label: { en: 'Scan a code and wait for a reply', zh: '扫码推事件且弹出“消息接收中”' } },
  { type: 'pic_sysphoto', fields: ['key'], label: { en: 'Take a photo', zh: '弹出系统拍照发图' } },
  { type: 'pic_photo_or_album', fields: ['key'], label: { en: 'Photo or album', zh: '弹出拍照或者相册发图' } },
  { type: 'pic_weixin', fields: ['key'], label: { en: 'WeChat album', zh: '弹出微信相册发图器' } },
  { type: 'location_select', fields: ['key'], label: { en: 'Send a location', zh: '弹出地理位置选择器' } },
  { type: 'media_id', fields: ['media_id'], label: { en: 'Send a permanent material', zh: '下发永久素材' } },
  { type: 'article_id', fields: ['article_id'], label: { en: 'Send a published article', zh: '下发已发布图文' } },
  { type: 'article_view_limited', fields: ['article_id'], label: { en: 'Open a published article', zh: '跳转已发布图文' } },
  { type: 'view_limited', fields: ['media_id'], label: { en: 'Open an article material (legacy)', zh: '跳转图文消息（旧）' } },
];

/** Types only the MP console makes (get_current_selfmenu_info shows them); the API cannot publish them. */
const CONSOLE_TYPES: Record<string, Bilingual> = {
  text: { en: 'a text reply', zh: '文字回复' },
  img: { en: 'an image reply', zh: '图片回复' },
  voice: { en: 'a voice reply', zh: '语音回复' },
  video: { en: 'a video reply', zh: '视频回复' },
  news: { en: 'an article reply', zh: '图文回复' },
};

const FIELD_LABEL: Record<string, Bilingual> = {
  key: { en: 'key', zh: 'key 值' },
  url: { en: 'web address', zh: '网页地址' },
  media_id: { en: 'material (media_id)', zh: '素材 media_id' },
  article_id: { en: 'article (article_id)', zh: '图文 article_id' },
  appid: { en: 'Mini Program appid', zh: '小程序 appid' },
  pagepath: { en: 'Mini Program page', zh: '小程序页面路径' },
};

/** UTF-8 bytes, as WeChat counts a name (a Chinese character is 3). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const typeInfo = (type: string | undefined): ButtonTypeInfo | undefined => BUTTON_TYPES.find((t) => t.type === type);

function where(top: number, sub?: number): Bilingual {
  return sub === undefined
    ? { en: `Button ${top}`, zh: `第 ${top} 个菜单` }
    : { en: `Button ${top}, sub-button ${sub}`, zh: `第 ${top} 个菜单的第 ${sub} 个子菜单` };
}

const hostOf = (url: string): string | undefined => /^https?:\/\/([^/?#:]+)/i.exec(url.trim())?.[1]?.toLowerCase();

function checkLeaf(b: MenuButtonDef, top: number, sub: number | undefined, out: MenuProblem[]): void {
  const at = where(top, sub);
  const add = (field: ButtonField, reason: Bilingual, errcode?: number) =>
    out.push({ top, ...(sub === undefined ? {} : { sub }), field, reason, ...(errcode ? { errcode } : {}) });
  const consoleType = b.type === undefined ? undefined : CONSOLE_TYPES[b.type];
  if (consoleType) {
    add('type', {
      en: `${at.en} is ${consoleType.en} made in the MP console, which the API cannot publish: make it a Click button and answer its key with an auto-reply rule.`,
      zh: `${at.zh}是在公众平台设置的${consoleType.zh}，无法通过接口发布：请改为“点击”菜单，并用自动回复规则应答其 key。`,
    });
    return;
  }
  const info = typeInfo(b.type);
  if (!info) {
    add('type', { en: `${at.en} has no button type: choose what it does.`, zh: `${at.zh}未选择菜单类型。` }, sub === undefined ? 40017 : 40024);
    return;
  }
  for (const field of info.fields) {
    const value = b[field];
    const label = FIELD_LABEL[field] as Bilingual;
    if (typeof value !== 'string' || value.trim() === '') {
      add(
        field,
        { en: `${at.en} needs a ${label.en}.`, zh: `${at.zh}缺少${label.zh}。` },
        field === 'key' ? (sub === undefined ? 40019 : 40026) : field === 'url' ? (sub === undefined ? 40020 : 40027) : undefined,
      );
      continue;
    }
    if (field === 'key' && byteLength(value) > MENU_LIMITS.keyBytes) {
      add(
        'key',
        {
          en: `${at.en}: the key is ${byteLength(value)} bytes; WeChat takes at most 128.`,
          zh: `${at.zh}：key 为 ${byteLength(value)} 个字节，微信最多 128 个字节。`,
        },
        sub === undefined ? 40019 : 40026,
      );
    }
    if (field === 'url') {
      if (byteLength(value) > MENU_LIMITS.urlBytes) {
        add(
          'url',
          {
            en: `${at.en}: the web address is ${byteLength(value)} bytes; WeChat takes at most 1,024.`,
            zh: `${at.zh}：网页地址为 ${byteLength(value)} 个字节，微信最多 1024 个字节。`,
          },
          sub === undefined ? 40020 : 40027,
        );
      } else if (!hostOf(value)) {
        add('url', { en: `${at.en}: the web address must start with http:// or https://.`, zh: `${at.zh}：网页地址须以 http:// 或 https:// 开头。` }, 40055);
      }
    }
    if (field === 'appid' && !/^wx[0-9a-zA-Z]{16}$/.test(value.trim())) {
      add('appid', {
        en: `${at.en}: "${value}" is not a Mini Program appid (wx and 16 letters or digits).`,
        zh: `${at.zh}：“${value}”不是小程序 appid（wx 加 16 位字母或数字）。`,
      });
    }
  }
}

function checkName(b: MenuButtonDef, top: number, sub: number | undefined, out: MenuProblem[]): void {
  const limit = sub === undefined ? MENU_LIMITS.topNameBytes : MENU_LIMITS.subNameBytes;
  const at = where(top, sub);
  const errcode = sub === undefined ? 40018 : 40025;
  const base = { top, ...(sub === undefined ? {} : { sub }), field: 'name' as const, errcode };
  const name = typeof b.name === 'string' ? b.name : '';
  if (name.trim() === '') out.push({ ...base, reason: { en: `${at.en} needs a name.`, zh: `${at.zh}缺少名称。` } });
  else if (byteLength(name) > limit) {
    out.push({
      ...base,
      reason: {
        en: `${at.en}: "${name}" is ${byteLength(name)} bytes; WeChat takes at most ${limit} (a Chinese character is 3).`,
        zh: `${at.zh}：“${name}”为 ${byteLength(name)} 个字节，微信最多 ${limit} 个字节（一个汉字占 3 个字节）。`,
      },
    });
  }
}

export interface MenuContext {
  /** A conditional menu (menu/addconditional) rather than the default one. */
  conditional: boolean;
  /** The tag's WeChat id, for a conditional menu (undefined: no tag, or WeChat has not created it yet). */
  tagId?: string | number | undefined;
  /** Whether the account has a default menu live; undefined when not known (the designer does not know). */
  defaultLive?: boolean | undefined;
}

/** Every problem WeChat would refuse the menu for (and a few it would take but break); [] when it may be published. */
export function checkMenu(buttons: unknown, ctx: MenuContext): MenuProblem[] {
  const out: MenuProblem[] = [];
  const list = Array.isArray(buttons) ? (buttons as MenuButtonDef[]) : [];
  if (list.length < 1 || list.length > MENU_LIMITS.topButtons) {
    out.push({
      field: 'menu',
      errcode: 40016,
      reason: { en: `A menu has 1 to 3 buttons (this one has ${list.length}).`, zh: `菜单须有 1 至 3 个一级菜单（当前 ${list.length} 个）。` },
    });
  }
  list.forEach((raw, i) => {
    const top = i + 1;
    const b = (typeof raw === 'object' && raw !== null ? raw : { name: '' }) as MenuButtonDef;
    checkName(b, top, undefined, out);
    const subs = Array.isArray(b.sub_button) ? b.sub_button : [];
    if (subs.length > MENU_LIMITS.subButtons) {
      out.push({
        top,
        field: 'sub_button',
        errcode: 40023,
        reason: {
          en: `${where(top).en} has ${subs.length} sub-buttons; WeChat takes at most 5.`,
          zh: `${where(top).zh}有 ${subs.length} 个子菜单，微信最多 5 个。`,
        },
      });
    }
    if (subs.length === 0) checkLeaf(b, top, undefined, out);
    subs.forEach((s, j) => {
      const sb = (typeof s === 'object' && s !== null ? s : { name: '' }) as MenuButtonDef;
      checkName(sb, top, j + 1, out);
      checkLeaf(sb, top, j + 1, out);
    });
  });
  if (ctx.conditional) checkConditional(list, ctx, out);
  return out;
}

function checkConditional(list: MenuButtonDef[], ctx: MenuContext, out: MenuProblem[]): void {
  const add = (reason: Bilingual, errcode?: number) => out.push({ field: 'menu', reason, ...(errcode ? { errcode } : {}) });
  if (ctx.tagId === undefined || ctx.tagId === '') {
    add({
      en: 'A conditional menu needs a tag that WeChat holds: only tags still match (sex, region and language give 65320).',
      zh: '个性化菜单须选择微信中已有的标签：现在只能按标签匹配（性别、地区、语言会返回 65320）。',
    });
  }
  if (ctx.defaultLive === false) {
    add(
      {
        en: 'Publish the default menu first: WeChat adds a conditional menu only beside a default one.',
        zh: '请先发布默认菜单：微信须先有默认菜单才能添加个性化菜单。',
      },
      65303,
    );
  }
  const domains = redirectDomains(list);
  if (domains.length > MENU_LIMITS.conditionalDomains) {
    add({
      en: `A conditional menu may open pages of at most 3 domains; this one opens ${domains.length}: ${domains.join(', ')}.`,
      zh: `个性化菜单的网页跳转最多 3 个域名，当前 ${domains.length} 个：${domains.join('、')}。`,
    });
  }
}

/** The distinct host names the menu's view buttons open. */
export function redirectDomains(list: readonly MenuButtonDef[]): string[] {
  const hosts = new Set<string>();
  const visit = (b: MenuButtonDef) => {
    if (b.type === 'view' && typeof b.url === 'string') {
      const host = hostOf(b.url);
      if (host) hosts.add(host);
    }
    (Array.isArray(b.sub_button) ? b.sub_button : []).forEach(visit);
  };
  list.forEach(visit);
  return [...hosts].sort();
}

/** wxm_definition as text → the button array, or why it cannot be read. Empty text is an empty menu. */
export function parseDefinition(text: string | null | undefined): { buttons: MenuButtonDef[] } | { problem: MenuProblem } {
  if (!text || text.trim() === '') return { buttons: [] };
  try {
    const value = JSON.parse(text) as unknown;
    const buttons = Array.isArray(value) ? value : (value as { button?: unknown } | null)?.button;
    if (Array.isArray(buttons)) return { buttons: buttons as MenuButtonDef[] };
  } catch {
    // fall through
  }
  return {
    problem: {
      field: 'menu',
      reason: { en: "The definition is not a menu (JSON: WeChat's button array).", zh: '菜单定义无法识别（应为微信 button 数组的 JSON）。' },
    },
  };
}

/** The reasons as wxm_failurereason keeps them: every English line, then every Chinese line. */
export function problemsText(problems: readonly MenuProblem[]): string {
  return [...problems.map((p) => p.reason.en), ...problems.map((p) => p.reason.zh)].join('\n');
}

/** The buttons as menu/create takes them: the fields of each type only, names trimmed, empty sub-menus dropped. */
export function toWechatButtons(list: readonly MenuButtonDef[]): MenuButtonDef[] {
  const leaf = (b: MenuButtonDef): MenuButtonDef => {
    const out: MenuButtonDef = { name: b.name.trim(), ...(b.type ? { type: b.type } : {}) };
    for (const field of typeInfo(b.type)?.fields ?? []) {
      const value = b[field];
      if (typeof value === 'string') out[field] = value.trim();
    }
    return out;
  };
  return list.map((b) => (Array.isArray(b.sub_button) && b.sub_button.length > 0 ? { name: b.name.trim(), sub_button: b.sub_button.map(leaf) } : leaf(b)));
}

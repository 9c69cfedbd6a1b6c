/**
 * The value rules of subscription notifications (公众号订阅通知, bizsend) and Mini Program subscribe messages (订阅消息,
 * subscribe/send): a field's type is the prefix of its key (`thing3`, `character_string12`, `phone_number2`), and
 * each type takes only what WeChat's table allows. WeChat answers 47003 naming the field for anything else; the relay
 * checks first and names the field on the row in both languages. Pure: no imports, so a form or control may bundle it.
 *
 * The table (参数值内容限制说明):
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html (send 发送订阅通知)
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html (其他说明)
 *   thing ≤ 20 characters (Chinese, digits, letters or symbols) · number ≤ 32 digits, decimals allowed · letter ≤ 32 letters
 *   symbol ≤ 5 symbols · character_string ≤ 32 digits, letters or symbols · time: 24-hour time, optionally with the date,
 *   a span joined by "~" · date: a date, optionally with a 24-hour time, a span joined by "~" · amount: one currency
 *   symbol + at most 10 digits, decimals allowed, may end in 元 · phone_number ≤ 17 digits and symbols · car_number ≤ 8,
 *   first and last may be Chinese, the rest letters or digits · name ≤ 10 Chinese characters or ≤ 20 letters or symbols
 *   (mixed counts as Chinese) · phrase ≤ 5 Chinese characters only · enum: one of the template's enum values.
 */

export type ValueRule =
  'thing' | 'number' | 'letter' | 'symbol' | 'character_string' | 'time' | 'date' | 'amount' | 'phone_number' | 'car_number' | 'name' | 'phrase' | 'enum';

export const VALUE_RULES: readonly ValueRule[] = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'enum',
];

/** A field of a subscription template as kept in wxm_fields: `{ key: 'thing1', label: '课程名称', rule: 'thing' }`. */
export interface SubscriptionField {
  key: string;
  label: string;
  rule?: string;
  /** enum fields: the values WeChat accepts (gettemplate keywordEnumValueList). */
  enumValues?: string[];
}

export interface Bilingual {
  en: string;
  zh: string;
}

export interface ValueProblem {
  field: string;
  reason: Bilingual;
}

/** `thing12` → thing; `character_string3` → character_string; anything else → undefined. */
export function ruleOfKey(key: string): ValueRule | undefined {
  const m = /^([a-z_]+?)_?(\d+)?$/.exec(key.trim());
  const prefix = m?.[1];
  return prefix !== undefined && (VALUE_RULES as readonly string[]).includes(prefix) ? (prefix as ValueRule) : undefined;
}

/**
 * The fields of a template's content as WeChat writes it (`课程名称:{{thing1.DATA}}\n上课时间:{{time2.DATA}}`): the
 * label before each placeholder, the key, and its rule.
 */
export function fieldsOfContent(content: string): SubscriptionField[] {
  const fields: SubscriptionField[] = [];
  for (const line of content.split(/\r?\n|\\n/)) {
    const m = /^(.*?)[:：]?\s*\{\{\s*([A-Za-z_]+\d*)\.DATA\s*\}\}/.exec(line.trim());
    if (!m) continue;
    const key = m[2] as string;
    if (fields.some((f) => f.key === key)) continue;
    const rule = ruleOfKey(key);
    fields.push({ key, label: (m[1] ?? '').replace(/[:：]\s*$/, '').trim() || key, ...(rule ? { rule } : {}) });
  }
  return fields;
}

/** Characters as a reader counts them (a Chinese character or an emoji is one), not UTF-16 units. */
const chars = (value: string): number => [...value].length;

const HAN = /^\p{Script=Han}+$/u;
const LETTERS = /^[A-Za-z]+$/;
/** Symbols: anything that is not a letter, a digit, a Chinese character or white space. */
const SYMBOLS = /^[^\p{L}\p{N}\s]+$/u;
const DATE = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})`;
const TIME = String.raw`(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?`;
const TIME_POINT = new RegExp(`^(?:${DATE}\\s*)?${TIME}$`);
const DATE_POINT = new RegExp(`^${DATE}(?:\\s*${TIME})?$`);

function span(value: string, point: RegExp): boolean {
  const parts = value.split('~').map((p) => p.trim());
  return parts.length <= 2 && parts.every((p) => point.test(p));
}

const bi = (en: string, zh: string): Bilingual => ({ en, zh });

/** Why `value` breaks `rule`, or undefined when WeChat takes it. */
export function checkValue(rule: ValueRule, value: string, enumValues?: readonly string[]): Bilingual | undefined {
  if (value.trim() === '') return bi('is empty', '为空');
  if (/[\r\n]/.test(value)) return bi('holds a line break', '含有换行');
  const n = chars(value);
  switch (rule) {
    case 'thing':
      return n > 20 ? bi(`has ${n} characters; a "thing" field takes at most 20`, `有 ${n} 个字符；thing 类字段最多 20 个字符`) : undefined;
    case 'number':
      if (!/^\d+(?:\.\d+)?$/.test(value)) return bi('takes digits only (decimals allowed)', '只能填数字（可带小数）');
      return n > 32 ? bi(`has ${n} digits; at most 32`, `有 ${n} 位；最多 32 位`) : undefined;
    case 'letter':
      if (!LETTERS.test(value)) return bi('takes letters only', '只能填字母');
      return n > 32 ? bi(`has ${n} letters; at most 32`, `有 ${n} 个字母；最多 32 个`) : undefined;
    case 'symbol':
      if (!SYMBOLS.test(value)) return bi('takes symbols only', '只能填符号');
      return n > 5 ? bi(`has ${n} symbols; at most 5`, `有 ${n} 个符号；最多 5 个`) : undefined;
    case 'character_string':
      if (!/^[\x21-\x7e]+$/.test(value))
        return bi('takes digits, letters or symbols only (no Chinese, no spaces)', '只能填数字、字母或符号（不能有汉字或空格）');
      return n > 32 ? bi(`has ${n} characters; at most 32`, `有 ${n} 个字符；最多 32 个`) : undefined;
    case 'time':
      return span(value, TIME_POINT)
        ? undefined
        : bi(
            'is not a 24-hour time such as 15:01 or 2019年10月1日 15:01 (a span joined by ~)',
            '不是 24 小时制时间，例如 15:01 或 2019年10月1日 15:01（时间段用 ~ 连接）',
          );
    case 'date':
      return span(value, DATE_POINT)
        ? undefined
        : bi(
            'is not a date such as 2019年10月1日 or 2019-10-01 15:01 (a span joined by ~)',
            '不是日期，例如 2019年10月1日 或 2019-10-01 15:01（时间段用 ~ 连接）',
          );
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(value)
        ? undefined
        : bi(
            'is not an amount: one currency symbol and at most 10 digits, e.g. ¥100.50 or 100元',
            '不是金额：一个币种符号加最多 10 位数字，例如 ¥100.50 或 100元',
          );
    case 'phone_number':
      if (!/^[\d\p{P}\p{S}]+$/u.test(value)) return bi('takes digits and symbols only, e.g. +86-0766-66888866', '只能填数字和符号，例如 +86-0766-66888866');
      return n > 17 ? bi(`has ${n} characters; at most 17`, `有 ${n} 个字符；最多 17 个`) : undefined;
    case 'car_number':
      if (n > 8) return bi(`has ${n} characters; at most 8`, `有 ${n} 个字符；最多 8 个`);
      return /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(value)
        ? undefined
        : bi(
            'is not a plate: Chinese only first and last, letters or digits between, e.g. 粤A8Z888挂',
            '不是车牌：仅首位和末位可为汉字，其余为字母或数字，例如 粤A8Z888挂',
          );
    case 'name': {
      if (/\p{Script=Han}/u.test(value)) {
        // Chinese, or Chinese mixed with letters: counted as a Chinese name.
        if (!/^[\p{Script=Han}A-Za-z·]+$/u.test(value)) return bi('takes Chinese characters or letters only', '只能填汉字或字母');
        return n > 10 ? bi(`has ${n} characters; a Chinese name takes at most 10`, `有 ${n} 个字；中文姓名最多 10 个字`) : undefined;
      }
      if (!/^[A-Za-z\p{P}\p{S} ]+$/u.test(value)) return bi('takes Chinese characters, or letters and symbols only', '只能填汉字，或字母和符号');
      return n > 20 ? bi(`has ${n} letters; a name in letters takes at most 20`, `有 ${n} 个字母；字母姓名最多 20 个`) : undefined;
    }
    case 'phrase':
      if (!HAN.test(value)) return bi('takes Chinese characters only (no digits, letters or punctuation)', '只能填汉字（不能有数字、字母或标点）');
      return n > 5 ? bi(`has ${n} Chinese characters; a "phrase" field takes at most 5`, `有 ${n} 个汉字；phrase 类字段最多 5 个汉字`) : undefined;
    case 'enum':
      return enumValues && enumValues.length > 0 && !enumValues.includes(value)
        ? bi(`is not one of the template's values: ${enumValues.join(', ')}`, `不是模板的可选值之一：${enumValues.join('、')}`)
        : undefined;
  }
}

/**
 * Every problem of `values` against the template's `fields`: a field without a value, a value for a key the template
 * does not have, and each value against its rule. Empty means WeChat will take the data as far as the rules go.
 */
export function checkSubscriptionValues(fields: readonly SubscriptionField[], values: Readonly<Record<string, unknown>>): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const field of fields) {
    const raw = values[field.key];
    const name = field.label && field.label !== field.key ? `${field.key} (${field.label})` : field.key;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      problems.push({ field: field.key, reason: bi(`${name} has no value`, `${name} 未填写`) });
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      problems.push({ field: field.key, reason: bi(`${name} must be text`, `${name} 必须是文本`) });
      continue;
    }
    const rule = (VALUE_RULES as readonly string[]).includes(field.rule ?? '') ? (field.rule as ValueRule) : ruleOfKey(field.key);
    if (!rule) continue; // a type WeChat added after this table: WeChat judges it
    const why = checkValue(rule, String(raw), field.enumValues);
    if (why) problems.push({ field: field.key, reason: bi(`${name} ${why.en}`, `${name}${why.zh}`) });
  }
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ field: key, reason: bi(`${key} is not a field of this template`, `${key} 不是此模板的字段`) });
  }
  return problems;
}

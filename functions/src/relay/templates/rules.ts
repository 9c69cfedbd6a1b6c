/**
 * Template message values checked against the rules WeChat enforces since 2023-05-04, before WeChat is called:
 * each value holds at most 20 characters and no line break; `first` and `remark` are no longer shown; colours
 * and emoji are dropped. WeChat strips offending content silently (the send still answers ok), so a message that
 * breaks a rule is refused on the row instead of arriving changed.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * https://developers.weixin.qq.com/community/develop/doc/000a4e1df800d8a8d2ff53d8c56c01 (the 2023 rule change)
 *
 * Pure and without imports: the template composer (webresources) bundles this file as it is.
 */

/** One field of a template, as parsed from its content (`{{thing1.DATA}}`); label is the text before it. */
export interface TemplateField {
  key: string;
  label?: string;
}

export interface TemplateValueProblem {
  /** The field's key (`thing1`), or the key the values named that the template does not have. */
  field: string;
  reason: { en: string; zh: string };
}

/** Characters a value may hold since 2023-05-04. */
export const MAX_TEMPLATE_VALUE_LENGTH = 20;
/** Fields WeChat no longer shows since 2023-05-04 (old templates still list them). */
export const RETIRED_TEMPLATE_FIELDS: readonly string[] = ['first', 'remark'];

const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/;
// Pictographs, regional-indicator flags, keycaps and the emoji presentation selector: what WeChat drops.
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3|\uFE0F/u;

/** Characters as a reader counts them (a Chinese character or an astral character is one). */
export function valueLength(value: string): number {
  return Array.from(value).length;
}

/** The fields of a template's content in order of appearance, each once, with the label written before it. */
export function parseTemplateFields(content: string): TemplateField[] {
  const fields: TemplateField[] = [];
  const seen = new Set<string>();
  for (const line of content.split(/\r?\n/)) {
    const re = /\{\{\s*([A-Za-z_][\w]*)\.DATA\s*\}\}/g;
    let start = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const key = m[1]!;
      const label = line
        .slice(start, m.index)
        .replace(/[:：\s]+$/u, '')
        .trim();
      start = m.index + m[0].length;
      if (seen.has(key)) continue;
      seen.add(key);
      fields.push(label ? { key, label } : { key });
    }
  }
  return fields;
}

function named(field: TemplateField): { en: string; zh: string } {
  return field.label ? { en: `"${field.label}" (${field.key})`, zh: `“${field.label}”（${field.key}）` } : { en: field.key, zh: field.key };
}

/**
 * Every way `values` breaks the rules, field by field (empty: may be sent). `values` is the row's wxm_values
 * parsed: `{ key: value }`; a value given as `{ value, color }` (WeChat's send shape) is read too, and its colour
 * refused. A field of the template without a value is refused: WeChat would show it blank.
 */
export function checkTemplateValues(fields: readonly TemplateField[], values: Readonly<Record<string, unknown>>): TemplateValueProblem[] {
  const problems: TemplateValueProblem[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problem = (field: string, en: string, zh: string) => problems.push({ field, reason: { en, zh } });

  for (const key of Object.keys(values)) {
    if (RETIRED_TEMPLATE_FIELDS.includes(key)) {
      problem(
        key,
        `${key}: WeChat no longer shows the first and remark fields (since 2023-05-04); leave it out.`,
        `${key}：自 2023-05-04 起微信不再展示 first 和 remark 字段，请勿填写。`,
      );
    } else if (!byKey.has(key)) {
      problem(key, `${key}: the template has no such field.`, `${key}：该模板没有此字段。`);
    }
  }

  for (const field of fields) {
    if (RETIRED_TEMPLATE_FIELDS.includes(field.key)) continue;
    const name = named(field);
    const given = values[field.key];
    let value: unknown = given;
    if (given !== null && typeof given === 'object' && !Array.isArray(given)) {
      const shaped = given as { value?: unknown; color?: unknown };
      value = shaped.value;
      if (shaped.color !== undefined) {
        problem(
          field.key,
          `${name.en}: WeChat no longer shows colours (since 2023-05-04); remove the colour.`,
          `${name.zh}：自 2023-05-04 起微信不再支持字体颜色，请去掉颜色。`,
        );
      }
    }
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (value === undefined || value === null || value === '') {
      problem(field.key, `${name.en}: needs a value (WeChat would show it blank).`, `${name.zh}：请填写内容（否则微信显示为空）。`);
      continue;
    }
    if (typeof value !== 'string') {
      problem(field.key, `${name.en}: the value must be text.`, `${name.zh}：内容必须是文本。`);
      continue;
    }
    const length = valueLength(value);
    if (length > MAX_TEMPLATE_VALUE_LENGTH) {
      problem(
        field.key,
        `${name.en}: at most ${MAX_TEMPLATE_VALUE_LENGTH} characters (since 2023-05-04); this value has ${length}.`,
        `${name.zh}：自 2023-05-04 起每个字段最多 ${MAX_TEMPLATE_VALUE_LENGTH} 个字符，当前 ${length} 个。`,
      );
    }
    if (LINE_BREAK.test(value)) {
      problem(field.key, `${name.en}: no line breaks (WeChat shows each field on one line).`, `${name.zh}：不能包含换行（微信每个字段只显示一行）。`);
    }
    if (EMOJI.test(value)) {
      problem(field.key, `${name.en}: WeChat drops emoji (since 2023-05-04); remove them.`, `${name.zh}：自 2023-05-04 起微信会去掉表情符号，请删除。`);
    }
  }
  return problems;
}

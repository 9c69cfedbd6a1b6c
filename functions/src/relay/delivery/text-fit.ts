/**
 * Fitting values into the solution's columns: string lengths and decimal precision come from the generated
 * schema, so a longer text is cut rather than refused by Dataverse (0x80044331), and the full message always
 * stays in the raw XML column.
 */
import { schema } from '@wxm/solution/schema';

function column(table: string, name: string) {
  const c = schema.tables[table]?.columns[name];
  if (!c) throw new Error(`${table}.${name} is not in the generated schema`);
  return c;
}

/** Cuts `text` to the column's max length in UTF-16 units (as Dataverse counts), never inside a surrogate pair. */
export function fit(table: string, name: string, text: string): string {
  return cut(text, column(table, name).maxLength ?? text.length);
}

export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut off
  return text.slice(0, end);
}

/** A decimal rounded to the column's precision, or undefined when the text is not a finite number in range. */
export function decimal(table: string, name: string, text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  const c = column(table, name);
  if (!Number.isFinite(value)) return undefined;
  if ((c.minValue !== undefined && value < c.minValue) || (c.maxValue !== undefined && value > c.maxValue)) return undefined;
  const factor = 10 ** (c.precision ?? 2);
  return Math.round(value * factor) / factor;
}

/** WeChat's CreateTime (epoch seconds) as a Dataverse date-time (UTC, to the second). */
export function wechatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Dataverse date-time back to epoch seconds; undefined for null or unparsable values. */
export function secondsOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * A template's fields and where their values come from: wxm_fields (JSON [{key, label}], which the relay parses
 * from the template's content when it syncs or adds the template); and the opened record's columns
 * offered as sources (formatted as Dynamics shows them when the Web API gave the formatted value). Pure.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { RETIRED_TEMPLATE_FIELDS, type TemplateField } from '../../../../functions/src/relay/templates/rules.js';

export type { TemplateField };

/** The fields an operator fills: first/remark are no longer shown by WeChat (2023-05-04), so they are not offered. */
export function templateFields(fieldsJson: unknown): TemplateField[] {
  let fields: TemplateField[] | undefined;
  if (typeof fieldsJson === 'string' && fieldsJson.trim()) {
    try {
      const parsed = JSON.parse(fieldsJson) as unknown;
      if (Array.isArray(parsed))
        fields = parsed
          .filter((f): f is { key: string; label?: unknown } => typeof f === 'object' && f !== null && typeof (f as { key?: unknown }).key === 'string')
          .map((f) => (typeof f.label === 'string' && f.label ? { key: f.key, label: f.label } : { key: f.key }));
    } catch {
      fields = undefined;
    }
  }
  return (fields ?? []).filter((f) => !RETIRED_TEMPLATE_FIELDS.includes(f.key));
}

export interface ColumnSource {
  column: string;
  /** The value as text (the formatted value when the Web API gave one). */
  value: string;
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const GUID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Columns that say nothing to a reader of the message. */
const HIDDEN = new Set(['versionnumber', 'timezoneruleversionnumber', 'utcconversiontimezonecode', 'importsequencenumber', 'overriddencreatedon']);

/**
 * The record's columns with a value, as text: lookups (`_x_value`) by their formatted name, choices and dates as
 * formatted, ids left out. Sorted by column name.
 */
export function columnSources(row: Record<string, unknown>): ColumnSource[] {
  const sources: ColumnSource[] = [];
  for (const [key, raw] of Object.entries(row)) {
    if (key.includes('@') || HIDDEN.has(key)) continue;
    const formatted = row[`${key}${FORMATTED}`];
    const lookup = /^_(.+)_value$/.exec(key);
    if (lookup && typeof formatted !== 'string') continue;
    const value = typeof formatted === 'string' ? formatted : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
    if (value === undefined || value.trim() === '' || GUID_VALUE.test(value)) continue;
    sources.push({ column: lookup ? lookup[1]! : key, value });
  }
  return sources.sort((a, b) => a.column.localeCompare(b.column));
}

/** A good first guess for the record's name: its primary name column or a name-like column. */
export function recordName(row: Record<string, unknown>): string | undefined {
  for (const key of ['fullname', 'wxm_name', 'title', 'name', 'subject', 'ticketnumber', 'lastname']) {
    const v = row[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** Small readers over a parsed XmlRecord, so callers never guess at arrays versus strings. */
import type { XmlNode, XmlRecord, XmlValue } from './types.js';

/**
 * The text of a direct child element, or undefined when absent or when it holds elements instead of text.
 * If WeChat (or a forger) repeats the element, the first occurrence wins.
 */
export function xmlText(record: XmlRecord, name: string): string | undefined {
  const value = own(record, name);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** A child element that holds elements (`<Articles><item>…`), first occurrence. */
export function xmlChild(record: XmlRecord, name: string): XmlRecord | undefined {
  const value = own(record, name);
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && typeof first !== 'string' ? first : undefined;
}

/** Every occurrence of a child element, as a list (one occurrence is not an array in the parsed form). */
export function xmlList(record: XmlRecord, name: string): XmlNode[] {
  const value = own(record, name);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Direct children that are plain text, e.g. to keep fields of an unknown message type. */
export function xmlTextFields(record: XmlRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(record)) {
    const text = xmlText(record, name);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

function own(record: XmlRecord, name: string): XmlValue | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

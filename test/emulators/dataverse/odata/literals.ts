/**
 * OData literal forms used in key segments and $filter: 'text' with '' escapes, numbers, true/false/null, bare
 * GUIDs and ISO date-times (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows).
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'guid'; value: string }
  | { kind: 'datetime'; value: number; text: string };

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const NUMBER_RE = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?$/;

/** Reads one unquoted literal; undefined when the text is not a literal (an identifier, for instance). */
export function parseBareLiteral(text: string): Literal | undefined {
  if (text === 'null') return { kind: 'null' };
  if (text === 'true' || text === 'false') return { kind: 'boolean', value: text === 'true' };
  if (GUID_RE.test(text)) return { kind: 'guid', value: text.toLowerCase() };
  if (DATETIME_RE.test(text) && text.length >= 10) {
    const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(ms)) return { kind: 'datetime', value: ms, text };
  }
  if (NUMBER_RE.test(text)) {
    const clean = text.replace(/[mMdDfFlL]$/, '');
    return { kind: 'number', value: Number(clean), integer: /^-?\d+$/.test(clean) };
  }
  return undefined;
}

/** Reads a quoted string starting at `start` (which must be a quote); returns the value and the index after it. */
export function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
  }
  return undefined;
}

export function literalText(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return `'${l.value}'`;
    case 'null':
      return 'null';
    case 'datetime':
      return l.text;
    default:
      return String(l.value);
  }
}

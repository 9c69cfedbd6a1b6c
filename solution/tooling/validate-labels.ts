/**
 * Finds labels without English (1033) or Chinese (2052) text anywhere in a definition. A label is
 * any object with a 1033 or 2052 key; the path names the element by its schema name or id.
 */
import { LANGUAGES } from '../src/dsl/labels.js';
import type { Problem } from './errors.js';

const LANGUAGE_NAMES: Record<number, string> = { 1033: 'English', 2052: 'Chinese' };

function isLabelLike(value: object): boolean {
  return '1033' in value || '2052' in value;
}

/** How an array element is named in a path: by its schema name, id, name or column. */
function segment(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const named = item as Record<string, unknown>;
    for (const key of ['schemaName', 'id', 'name', 'column', 'table', 'privilege']) {
      const value = named[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return `[${index}]`;
}

export function missingLabels(file: string, root: unknown, rootName: string): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, path: string) => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path} > ${segment(item, i)}`));
      return;
    }
    if (isLabelLike(value)) {
      const labelValue = value as Record<string, unknown>;
      for (const lcid of LANGUAGES) {
        const text = labelValue[lcid];
        if (typeof text !== 'string' || text.trim() === '') {
          problems.push({ file, element: path, message: `missing ${lcid} (${LANGUAGE_NAMES[lcid]}) label` });
        }
      }
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
  };
  walk(root, rootName);
  return problems;
}

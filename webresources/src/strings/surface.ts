/**
 * A translator over one surface's own tables, for surfaces whose texts no other bundle needs (the broadcast form,
 * the template composer): they are in SURFACES (strings.test.ts checks them) but not in STRINGS, and importing this
 * module instead of index.ts keeps every other surface's texts out of their bundles.
 */
import type { Language } from './index.js';

export type SurfaceTranslate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

/** An unknown placeholder is left visible rather than silently dropped, as translator() does. */
export function surfaceTranslator<K extends string>(tables: Readonly<Record<Language, Readonly<Record<K, string>>>>, language: Language): SurfaceTranslate<K> {
  const table = tables[language];
  return (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

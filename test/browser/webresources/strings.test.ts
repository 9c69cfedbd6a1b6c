/** Every text of the web resources exists in English and Chinese, with the same placeholders. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, SEPARATE_SURFACES, STRINGS, SURFACES, translator } from '../../../webresources/src/strings/index.js';

type Table = Record<string, string>;

/** Problems of one surface's tables: keys missing in a language, empty texts, placeholders that differ. */
function problems(name: string, tables: Record<'en' | 'zh', Table>): string[] {
  const found: string[] = [];
  const keys = new Set([...Object.keys(tables.en), ...Object.keys(tables.zh)]);
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of keys) {
    for (const language of LANGUAGES) {
      const text = tables[language][key];
      if (text === undefined) found.push(`${name}: ${key} is missing in ${language}`);
      else if (text.trim() === '') found.push(`${name}: ${key} is empty in ${language}`);
    }
    const [en, zh] = [tables.en[key], tables.zh[key]];
    if (en !== undefined && zh !== undefined && placeholders(en).join() !== placeholders(zh).join())
      found.push(`${name}: ${key} has placeholders {${placeholders(en).join(',')}} in en but {${placeholders(zh).join(',')}} in zh`);
  }
  return found;
}

describe('strings', () => {
  it('has every key of every surface in both languages, non-empty, with the same placeholders', () => {
    expect(Object.entries(SURFACES).flatMap(([name, tables]) => problems(name, tables))).toEqual([]);
    expect(Object.keys(STRINGS.zh).sort()).toEqual(Object.keys(STRINGS.en).sort());
  });

  it('the check fails on a key missing in either language, an empty text or a placeholder that differs', () => {
    expect(problems('broken', { en: { a: 'A', b: 'B {x}', c: 'C' }, zh: { a: '甲', b: '乙 {y}', d: ' ' } })).toEqual([
      'broken: b has placeholders {x} in en but {y} in zh',
      'broken: c is missing in zh',
      'broken: d is missing in en',
      'broken: d is empty in zh',
    ]);
  });

  it('defines each key on one surface only (joined tables would hide the second one)', () => {
    const counts = new Map<string, number>();
    for (const tables of Object.values(SURFACES)) for (const key of Object.keys(tables.en)) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    const separate = Object.values(SEPARATE_SURFACES).reduce((n, tables) => n + Object.keys(tables.en).length, 0);
    expect(Object.keys(STRINGS.en)).toHaveLength(counts.size - separate);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(translator('en')('result.connectJoins', { appid: 'wx570bc396a51b8ff8' })).toBe(
      'It serves AppId wx570bc396a51b8ff8 now: that account stays connected, and this one joins it.',
    );
    expect(translator('zh')('ss.status', { state: '已连接', reason: '好' })).toBe('连接状态：已连接。好');
    expect(translator('en')('ss.status', { state: 'Connected' })).toBe('Connection: Connected. {reason}');
  });
});

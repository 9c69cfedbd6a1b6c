/**
 * Issue 5, item 5: every string the control shows is a key in both ConversationView.1033.resx and .2052.resx.
 * The check fails on a key missing in either language, an extra key no code asks for, an empty text, or
 * placeholders ({0}, {1}) that differ between the languages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { StringKeys } from '../../../pcf-controls/ConversationView/ConversationView/conversation/strings.js';
import { PROJECT } from './support/control-build.js';

const CONTROL = path.join(PROJECT, 'ConversationView');
const LANGUAGES = ['1033', '2052'] as const;

function readResx(xml: string): Map<string, string> {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'data' }).parse(xml) as {
    root?: { data?: { '@_name': string; value?: string | number }[] };
  };
  return new Map((parsed.root?.data ?? []).map((d) => [d['@_name'], String(d.value ?? '')]));
}

const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

/** Everything wrong with a set of resx files against the keys the code uses (empty = all good). */
export function resxProblems(keys: readonly string[], files: Record<string, Map<string, string>>): string[] {
  const problems: string[] = [];
  const [first, ...others] = Object.keys(files);
  for (const [lcid, strings] of Object.entries(files)) {
    for (const key of keys) if (!strings.has(key)) problems.push(`${lcid}: missing ${key}`);
    for (const key of strings.keys()) if (!keys.includes(key)) problems.push(`${lcid}: ${key} is used by no code`);
    for (const [key, text] of strings) if (text.trim() === '') problems.push(`${lcid}: ${key} is empty`);
  }
  for (const lcid of others) {
    for (const [key, text] of files[lcid]!) {
      const base = files[first!]!.get(key);
      if (base !== undefined && placeholders(base).join() !== placeholders(text).join())
        problems.push(`${lcid}: ${key} has placeholders ${placeholders(text).join()} but ${first} has ${placeholders(base).join()}`);
    }
  }
  return problems;
}

const files = Object.fromEntries(LANGUAGES.map((lcid) => [lcid, readResx(readFileSync(path.join(CONTROL, `strings/ConversationView.${lcid}.resx`), 'utf8'))]));

describe('ConversationView strings', () => {
  it('has every key the code uses, and no other, in English and in Chinese, with the same placeholders', () => {
    expect(resxProblems(StringKeys, files)).toEqual([]);
    expect(files['1033']!.size).toBe(StringKeys.length);
  });

  it('fails on a key missing in either language, an unused key, an empty text or different placeholders', () => {
    const broken = { '1033': new Map(files['1033']), '2052': new Map(files['2052']) };
    broken['1033'].delete('Status_Sent');
    broken['2052'].delete('Composer_Send');
    broken['2052'].set('Leftover', '多余');
    broken['2052'].set('Empty', ' ');
    broken['2052'].set('Header_Title', '会话');
    expect(resxProblems(StringKeys, broken)).toEqual([
      '1033: missing Status_Sent',
      '2052: missing Composer_Send',
      '2052: Leftover is used by no code',
      '2052: Empty is empty',
      '2052: Header_Title has placeholders  but 1033 has {0}',
    ]);
  });

  it('names only resx keys in the manifest (display names and descriptions)', () => {
    const manifest = readFileSync(path.join(CONTROL, 'ControlManifest.Input.xml'), 'utf8');
    const keys = [...manifest.matchAll(/(?:display-name-key|description-key)="([^"]+)"/g)].map((m) => m[1]!);
    expect(keys).toEqual([
      'Control_DisplayName',
      'Control_Description',
      'Property_FollowerName',
      'Property_FollowerName_Description',
      'Property_FollowerId',
      'Property_FollowerId_Description',
    ]);
    for (const lcid of LANGUAGES) expect(keys.filter((k) => !files[lcid]!.has(k))).toEqual([]);
    expect([...manifest.matchAll(/<resx path="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'strings/ConversationView.1033.resx',
      'strings/ConversationView.2052.resx',
    ]);
  });

  it('puts no literal text in the components: what the user reads comes from t(key)', () => {
    const components = path.join(CONTROL, 'components');
    const literal = /<[A-Za-z][^<>]*>\s*([A-Za-z\u4e00-\u9fff][^<>{}]*?)\s*<\//g;
    const found = readdirSync(components).flatMap((file) =>
      [...readFileSync(path.join(components, file), 'utf8').matchAll(literal)].map((m) => `${file}: ${m[1]}`),
    );
    expect(found).toEqual([]);
  });
});

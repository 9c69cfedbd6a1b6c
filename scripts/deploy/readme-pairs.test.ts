/**
 * The Chinese guides stay in step with the English ones: each heading of a README.zh-CN.md is followed by
 * `<!-- en: <the English heading> -->`, and the list of those equals the English file's headings (all of
 * infra/README.md; the title and the admin guide of solution/README.md, which is what admins read), in order and
 * at the same levels. A section added on one side and not the other fails here, naming it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './bicep.js';

interface Heading {
  level: number;
  text: string;
}

/** Markdown ATX headings outside fenced code blocks, each with the line after it. */
export function headings(markdown: string): (Heading & { next: string })[] {
  const lines = markdown.split('\n');
  const found: (Heading & { next: string })[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const match = !fenced && /^(#{1,6})\s+(.+?)\s*$/.exec(line);
    if (match) found.push({ level: match[1]!.length, text: match[2]!, next: lines[i + 1] ?? '' });
  });
  return found;
}

/** The English headings each Chinese heading says it translates. */
function tagged(markdown: string): Heading[] {
  return headings(markdown).map((h) => {
    const tag = /^<!-- en: (.+) -->$/.exec(h.next.trim());
    if (!tag) throw new Error(`heading "${h.text}" is not followed by <!-- en: … -->`);
    return { level: h.level, text: tag[1]! };
  });
}

const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const plain = (hs: Heading[]) => hs.map(({ level, text }) => ({ level, text }));

describe('README.zh-CN.md beside README.md', () => {
  it('infra/: the same sections, in the same order', () => {
    expect(tagged(read('infra/README.zh-CN.md'))).toEqual(plain(headings(read('infra/README.md'))));
  });

  it('solution/: the title and the admin guide ("For admins: install and connect")', () => {
    const english = headings(read('solution/README.md'));
    const start = english.findIndex((h) => h.level === 2 && h.text === 'For admins: install and connect');
    expect(start).toBeGreaterThan(0);
    const end = english.findIndex((h, i) => i > start && h.level <= 2);
    const admin = [english[0]!, ...english.slice(start, end === -1 ? undefined : end)];
    expect(tagged(read('solution/README.zh-CN.md'))).toEqual(plain(admin));
  });

  it('finds headings but not lines inside code blocks', () => {
    expect(plain(headings('# A\n```\n# not a heading\n```\n## B\n'))).toEqual([
      { level: 1, text: 'A' },
      { level: 2, text: 'B' },
    ]);
  });
});

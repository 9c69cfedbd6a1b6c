/**
 * wechat/ is protocol only: its code imports node builtins, fast-xml-parser and its own files, nothing from
 * dataverse/, storage/, relay/ or @azure/*, except the kernel every layer may use (functions/src/kernel/). Tests may also use vitest and the two peer crypto packages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const KERNEL = fileURLToPath(new URL('../kernel/', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
}

describe('wechat/ import boundary', () => {
  const all = files(ROOT);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const isTest = file.endsWith('.test.ts');
    for (const spec of imports(file)) {
      if (spec.startsWith('.')) {
        const target = join(file, '..', spec);
        expect(target.startsWith(ROOT) || target.startsWith(KERNEL), `${spec} leaves wechat/`).toBe(true);
        expect(spec.endsWith('.js'), `${spec} must end in .js`).toBe(true);
      } else if (!spec.startsWith('node:')) {
        const allowed = isTest ? ['fast-xml-parser', 'vitest', 'wechat-crypto', '@wecom/crypto'] : ['fast-xml-parser'];
        expect(allowed, `${spec} is not allowed here`).toContain(spec);
      }
    }
  });
});

/**
 * dataverse/ knows nothing of WeChat or the relay: its code imports node builtins, msal-node, dynamics-web-api,
 * its own files and the kernel every layer may use (functions/src/support/: BoundedMap); nothing from wechat/,
 * relay/, storage/ or @azure/functions. Tests and test support may also
 * use vitest, the Dataverse emulator (test/emulators/dataverse) and the generated schema (@wxm/solution/schema).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(ROOT, '..', '..', '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const PACKAGES = ['@azure/msal-node', 'dynamics-web-api'];
const TEST_ONLY_DIRS = ['test/emulators/dataverse'];
const TEST_ONLY_PACKAGES = ['vitest', '@wxm/solution/schema'];
/** What every layer may import (the kernel). */
const KERNEL_DIRS = ['functions/src/support/', 'functions/src/kernel/'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

describe('dataverse/ import boundary', () => {
  const all = files(ROOT);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(all.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const testCode = file.endsWith('.test.ts') || relative(ROOT, file).startsWith('test-support');
    for (const spec of imports(file)) {
      if (spec.startsWith('.')) {
        expect(spec.endsWith('.js'), `${spec} must end in .js`).toBe(true);
        const target = join(file, '..', spec);
        if (target.startsWith(ROOT)) continue;
        const where = relative(REPO, target);
        if (KERNEL_DIRS.some((d) => where.startsWith(d))) continue;
        expect(testCode && TEST_ONLY_DIRS.some((d) => where.startsWith(d)), `${spec} leaves dataverse/`).toBe(true);
      } else if (!spec.startsWith('node:')) {
        expect(testCode ? [...PACKAGES, ...TEST_ONLY_PACKAGES] : PACKAGES, `${spec} is not allowed here`).toContain(spec);
      }
    }
  });
});

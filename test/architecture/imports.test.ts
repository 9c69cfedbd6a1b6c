/**
 * Imports flow one way (shared/docs/ARCHITECTURE.md, STYLE.md): functions/ → relay/ → wechat/ and dataverse/
 * through ports; wechat/ and dataverse/ know nothing of each other, of storage/ or of the Functions runtime.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../functions/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Tests may wire the in-memory adapters; production files may not. */
const isTestCode = (file: string) => file.endsWith('.test.ts') || file.includes('/test-support/');

function violations(folder: string, forbidden: RegExp[], options: { includeTests: boolean } = { includeTests: true }): string[] {
  const dir = join(SRC, folder);
  let files: string[];
  try {
    files = sources(dir).filter((file) => options.includeTests || !isTestCode(file));
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden.some((re) => re.test(spec)))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
}

describe('layering', () => {
  it('wechat/ is protocol only', () => {
    expect(violations('wechat', [/\/dataverse\//, /\/storage\//, /\/relay\//, /\/functions\//, /\/app\//, /^@azure\//, /dynamics-web-api/])).toEqual([]);
  });

  it('dataverse/ knows nothing of WeChat or storage', () => {
    expect(violations('dataverse', [/\/wechat\//, /\/storage\//, /\/relay\//, /\/functions\//, /\/app\//, /^@azure\/functions/])).toEqual([]);
  });

  it('relay/ use cases depend on ports, not on Azure SDKs or storage', () => {
    const forbidden = [/^@azure\//, /\/storage\//, /\/functions\//, /\/app\//, /dynamics-web-api/];
    expect(violations('relay', forbidden, { includeTests: false })).toEqual([]);
    // Tests may use the memory adapters, never Azure SDKs directly.
    expect(violations('relay', [/^@azure\//, /\/storage\/azure\//])).toEqual([]);
  });

  it('storage/ implements ports and does not reach into use cases or registrations', () => {
    expect(violations('storage', [/\/functions\//, /\/app\//, /^@azure\/functions/])).toEqual([]);
  });
});

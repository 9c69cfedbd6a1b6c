/**
 * What a test file needs from the machine, read from its source and everything it imports inside the repository:
 * the shared Azurite of the global setup, or Chromium. vitest.config.ts sorts test files into projects by glob;
 * test/support/test-projects.test.ts holds that sorting against what this finds, so a file that starts using
 * Azurite or a browser cannot sit in the fast `unit` project unnoticed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Need = 'azurite' | 'browser';

/** Source text that means the file needs the thing: the global setup's connection string, or a browser launch. */
const MARKERS: Record<Need, RegExp> = {
  // A relay started as `npm start` runs (startRelayProcess) brings its own Azurite or uses the shared one.
  azurite: /\b(azuriteConnectionString|AZURITE_CONNECTION_STRING|startAzurite|startRelayProcess)\b/,
  browser: /\bplaywright-core\b|\bopenBrowser\b|\/usr\/bin\/chromium/,
};

/** The scanner and its test name every marker themselves; they need nothing. */
const SCANNER = new Set([import.meta.filename, path.join(import.meta.dirname, 'test-projects.test.ts')]);

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Workspace package name → its folder and exports map (`@wxm/solution` → solution/). */
function workspacePackages(): Map<string, { dir: string; exports: Record<string, unknown> | undefined }> {
  const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const dirs = (root.workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = path.join(REPO_ROOT, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => `${pattern.slice(0, -2)}/${name}`) : [];
  });
  const packages = new Map<string, { dir: string; exports: Record<string, unknown> | undefined }>();
  for (const dir of dirs) {
    const file = path.join(REPO_ROOT, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; exports?: Record<string, unknown> };
    if (pkg.name) packages.set(pkg.name, { dir: path.join(REPO_ROOT, dir), exports: pkg.exports });
  }
  return packages;
}

/** A TypeScript source for an import target: `x.js` → `x.ts`, a folder → its index.ts, a file as it is. */
function sourceFile(target: string): string | undefined {
  const candidates = [target, target.replace(/\.(m?js)$/, '.ts'), target.replace(/\.(m?js)$/, '.tsx'), `${target}.ts`, path.join(target, 'index.ts')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

function exportTarget(exports: Record<string, unknown> | undefined, subpath: string): string | undefined {
  const entry = exports?.[subpath];
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const conditions = entry as Record<string, unknown>;
    for (const key of ['types', 'import', 'default']) if (typeof conditions[key] === 'string') return conditions[key];
  }
  return undefined;
}

export class TestNeeds {
  private readonly packages = workspacePackages();
  private readonly direct = new Map<string, Set<Need>>();
  private readonly imports = new Map<string, string[]>();

  /** Everything the file needs, through its own source and every repository file it imports (transitively). */
  of(file: string): Set<Need> {
    const needs = new Set<Need>();
    const seen = new Set<string>();
    const stack = [path.resolve(REPO_ROOT, file)];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      this.read(current);
      for (const need of this.direct.get(current) ?? []) needs.add(need);
      stack.push(...(this.imports.get(current) ?? []));
    }
    return needs;
  }

  private read(file: string): void {
    if (this.direct.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const needs = SCANNER.has(file) ? [] : (Object.keys(MARKERS) as Need[]).filter((need) => MARKERS[need].test(text));
    this.direct.set(file, new Set(needs));
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const resolved = this.resolve(file, match[1]!);
      if (resolved && !resolved.includes(`${path.sep}node_modules${path.sep}`)) targets.push(resolved);
    }
    this.imports.set(file, targets);
  }

  private resolve(from: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return sourceFile(path.resolve(path.dirname(from), specifier));
    const [scope, name, ...rest] = specifier.split('/');
    const pkg = this.packages.get(`${scope}/${name}`);
    if (!pkg) return undefined;
    const subpath = rest.length > 0 ? `./${rest.join('/')}` : '.';
    const target = exportTarget(pkg.exports, subpath) ?? subpath;
    return sourceFile(path.resolve(pkg.dir, target));
  }
}

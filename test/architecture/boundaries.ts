/**
 * The relay's import boundaries in one table (docs/ARCHITECTURE.md: imports flow one way, functions/ → app/ →
 * relay/ → wechat/ and dataverse/ through ports; storage/ implements the ports; the kernel is for everyone), and
 * the checker that holds every file of functions/src (and of the emulators and the devhost) to it. boundaries.test.ts runs it.
 *
 * Paths in the table: `ours` are folders/files under functions/src ('*' = all of it); `repo` are repository paths
 * outside functions/src; `packages` are bare specifiers ('@azure/*' = the scope, '*' = any); `deny` wins over
 * every allowance. Test code (see `isTestCode`) gets its layer's `test` allowances on top of `production`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Allowance {
  ours?: readonly string[];
  repo?: readonly string[];
  packages?: readonly string[];
  deny?: readonly string[];
}

export interface LayerRule {
  why: string;
  production: Allowance;
  test?: Allowance;
}

/** What test code of most layers may add: vitest, the emulators, the test kit's fakes and worlds, the generated schema. */
const TEST_KIT: Allowance = {
  repo: ['test/emulators/', 'test/support/', 'solution/'],
  packages: ['vitest', '@wxm/solution/schema', '@wxm/solution', '@wxm/testkit/kit'],
};

export const LAYERS: Record<string, LayerRule> = {
  kernel: { why: 'the kernel imports nothing of ours', production: {} },
  support: { why: 'support/ (BoundedMap) is kernel-like: kernel only', production: { ours: ['kernel/'] }, test: { packages: ['vitest'] } },
  wechat: {
    why: 'wechat/ is protocol only: kernel and fast-xml-parser',
    production: { ours: ['kernel/'], packages: ['fast-xml-parser'] },
    test: { packages: ['vitest', 'wechat-crypto', '@wecom/crypto', '@wxm/testkit/kit/wechat'] },
  },
  dataverse: {
    why: 'dataverse/ knows nothing of WeChat or the relay: kernel, support, msal-node, dynamics-web-api',
    production: { ours: ['kernel/', 'support/'], packages: ['@azure/msal-node', 'dynamics-web-api'] },
    test: { repo: ['test/emulators/dataverse/'], packages: ['vitest', '@wxm/solution/schema', '@wxm/testkit/kit/dataverse'] },
  },
  config: { why: 'settings read the kernel and Dataverse origin rules', production: { ours: ['kernel/', 'dataverse/'] }, test: { packages: ['vitest'] } },
  relay: {
    why: 'relay/ use cases import ports, wechat, dataverse, kernel; never Azure SDKs or storage',
    production: { ours: ['kernel/', 'support/', 'wechat/', 'dataverse/'], packages: ['@wxm/solution/schema'] },
    // Tests may wire the memory adapters, never Azure SDKs or the Azure adapters.
    test: { ...TEST_KIT, ours: ['storage/'], deny: ['storage/azure/', '@azure/*'] },
  },
  storage: {
    why: 'storage/ implements the ports (relay/, wechat/tokens/ports.ts) on Azure Storage, by connection string or Entra identity (config/storage-settings.ts); no registrations',
    production: {
      ours: ['kernel/', 'relay/', 'wechat/tokens/ports.ts', 'config/storage-settings.ts'],
      packages: ['@azure/data-tables', '@azure/storage-blob', '@azure/storage-queue', '@azure/identity', '@azure/core-auth'],
    },
    test: { ...TEST_KIT, deny: ['@azure/functions'] },
  },
  pages: { why: 'pages render what the relay decided', production: { ours: ['kernel/', 'relay/'] }, test: TEST_KIT },
  app: { why: 'the composition root may import everything', production: { ours: ['*'], packages: ['*'] }, test: { ...TEST_KIT, repo: ['*'] } },
  functions: { why: 'the registrations may import everything', production: { ours: ['*'], packages: ['*'] }, test: { ...TEST_KIT, repo: ['*'] } },
  '(root)': { why: 'index.ts registers the functions', production: { ours: ['app/', 'functions/'] } },
};

/** Repository folders outside functions/src that are held to a rule too. */
export const PACKAGES: Record<string, LayerRule> = {
  'test/emulators/': {
    why: "the emulators model Tencent's and Microsoft's services, never the relay's code",
    production: { repo: ['test/emulators/', 'solution/'], packages: ['*'], deny: ['functions/'] },
  },
  'test/kit/': {
    why: 'the test kit builds worlds from the relay, the emulators and the test support; the relay imports it only in tests',
    production: { ours: ['*'], repo: ['test/kit/', 'test/emulators/', 'test/support/', 'solution/'], packages: ['*'] },
  },
  'tools/devhost/': {
    why: 'the devhost is tooling: it serves whatever app registers, never imports the relay',
    production: { repo: ['tools/devhost/'], packages: ['*'] },
    test: { repo: ['test/support/'] },
  },
};

export interface SourceFile {
  /** Repository-relative, '/'-separated. */
  path: string;
  text: string;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
}

const SRC = 'functions/src/';

/** Unit tests (the fakes, worlds, memory storage and storage contract suites live in the test kit, test/kit/). */
export function isTestCode(path: string): boolean {
  return path.endsWith('.test.ts');
}

export function layerOf(path: string): string | undefined {
  if (!path.startsWith(SRC)) return undefined;
  const rest = path.slice(SRC.length);
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '(root)';
}

const matchesPackage = (spec: string, pattern: string) =>
  pattern === '*' || spec === pattern || spec.startsWith(`${pattern}/`) || (pattern.endsWith('/*') && spec.startsWith(pattern.slice(0, -1)));
const matchesPath = (target: string, prefix: string) => prefix === '*' || target === prefix || (prefix.endsWith('/') && target.startsWith(prefix));

function merged(rule: LayerRule, test: boolean): Required<Allowance> {
  const parts = test && rule.test ? [rule.production, rule.test] : [rule.production];
  const all = (key: keyof Allowance) => parts.flatMap((p) => p[key] ?? []);
  return { ours: all('ours'), repo: all('repo'), packages: all('packages'), deny: all('deny') };
}

/** Why this one import is not allowed, or undefined when it is. */
export function judge(from: string, spec: string, rule: LayerRule): string | undefined {
  const allowed = merged(rule, isTestCode(from));
  if (spec.startsWith('node:')) return undefined;
  if (!spec.startsWith('.')) {
    if (allowed.deny.some((p) => matchesPackage(spec, p))) return `${spec} is denied here`;
    return allowed.packages.some((p) => matchesPackage(spec, p)) ? undefined : `package ${spec} is not allowed here`;
  }
  if (!spec.endsWith('.js')) return `${spec} must end in .js`;
  const target = posix.normalize(posix.join(posix.dirname(from), spec)).replace(/\.js$/, '.ts');
  const inSrc = target.startsWith(SRC) ? target.slice(SRC.length) : undefined;
  if (allowed.deny.some((p) => matchesPath(inSrc ?? target, p) || matchesPath(target, p))) return `${spec} is denied here`;
  const own = layerOf(from);
  if (inSrc !== undefined) {
    if (own !== undefined && own !== '(root)' && inSrc.startsWith(`${own}/`)) return undefined;
    return allowed.ours.some((p) => matchesPath(inSrc, p)) ? undefined : `${spec} (functions/src/${inSrc}) is outside what ${own ?? from} may import`;
  }
  return allowed.repo.some((p) => matchesPath(target, p)) ? undefined : `${spec} (${target}) leaves ${own ?? 'its package'}`;
}

function ruleFor(path: string): LayerRule | undefined {
  const layer = layerOf(path);
  if (layer !== undefined) return LAYERS[layer];
  const pkg = Object.keys(PACKAGES).find((p) => path.startsWith(p));
  return pkg === undefined ? undefined : PACKAGES[pkg];
}

/** Every import that breaks the table, as `<file>: <reason>`; files of a folder the table lacks are one too. */
export function violations(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) => {
    const rule = ruleFor(file.path);
    if (!rule) return layerOf(file.path) !== undefined ? [`${file.path}: folder ${layerOf(file.path)} has no rule in LAYERS`] : [];
    return importsOf(file.text).flatMap((spec) => {
      const why = judge(file.path, spec, rule);
      return why ? [`${file.path}: ${why} (${rule.why})`] : [];
    });
  });
}

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every .ts file under functions/src, the emulators and the devhost, as the checker sees it. */
export function repositorySources(): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.name === 'node_modules' || e.name === 'dist' ? [] : e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return ['functions/src', 'test/emulators', 'test/kit', 'tools/devhost']
    .flatMap((dir) => walk(join(REPO, dir)))
    .map((abs) => ({
      path: relative(REPO, abs).split('\\').join('/'),
      text: readFileSync(abs, 'utf8'),
    }));
}

/**
 * Loads the solution definitions from solution/src by folder, remembering which file each came
 * from so that every validation error can name the file to fix. Adding a table, role or option set
 * is adding a file: nothing else has to list it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  AppModuleDef,
  EnvironmentVariableDef,
  FieldSecurityProfileDef,
  OptionSetDef,
  PublisherDef,
  RoleDef,
  SiteMapDef,
  SolutionManifestDef,
} from '../src/dsl/types-components.js';
import type { FormDef, TableDef, ViewDef } from '../src/dsl/types.js';
import type { ChartDef, DashboardDef } from '../src/dsl/types-analytics.js';

/** A definition and the repository-relative path (forward slashes) of the file that exports it. */
export interface Sourced<T> {
  file: string;
  def: T;
}

export interface SolutionSource {
  /** Absolute path of the repository root. */
  repoRoot: string;
  publisher: Sourced<PublisherDef>;
  solution: Sourced<SolutionManifestDef>;
  optionSets: Sourced<OptionSetDef>[];
  tables: Sourced<TableDef>[];
  /** Forms and views by table logical name (file name = table logical name). */
  forms: Sourced<{ table: string; forms: FormDef[] }>[];
  views: Sourced<{ table: string; views: ViewDef[] }>[];
  /** Charts by table logical name (solution/src/charts/<table>.ts). */
  charts: Sourced<{ table: string; charts: ChartDef[] }>[];
  dashboards: Sourced<DashboardDef>[];
  roles: Sourced<RoleDef>[];
  fieldSecurityProfiles: Sourced<FieldSecurityProfileDef>[];
  appModule?: Sourced<AppModuleDef>;
  siteMap?: Sourced<SiteMapDef>;
  environmentVariables: Sourced<EnvironmentVariableDef>[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_REPO_ROOT = path.resolve(here, '../..');

function relative(repoRoot: string, absolute: string): string {
  return path.relative(repoRoot, absolute).split(path.sep).join('/');
}

async function importDefault<T>(repoRoot: string, absolute: string): Promise<Sourced<T>> {
  const module = (await import(pathToFileURL(absolute).href)) as { default?: T };
  const file = relative(repoRoot, absolute);
  if (module.default === undefined) throw new Error(`${file}: has no default export`);
  return { file, def: module.default };
}

/** Definition files of a folder, sorted so every run sees them in the same order. */
function definitionFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => path.join(folder, name));
}

async function importFolder<T>(repoRoot: string, folder: string): Promise<Sourced<T>[]> {
  const loaded: Sourced<T>[] = [];
  for (const file of definitionFiles(folder)) loaded.push(await importDefault<T>(repoRoot, file));
  return loaded;
}

async function importOptional<T>(repoRoot: string, absolute: string): Promise<Sourced<T> | undefined> {
  return existsSync(absolute) ? importDefault<T>(repoRoot, absolute) : undefined;
}

/** Reads every definition under `<repoRoot>/solution/src`. */
export async function loadSolutionSource(repoRoot: string = DEFAULT_REPO_ROOT): Promise<SolutionSource> {
  const src = path.join(repoRoot, 'solution', 'src');
  const byTable =
    <K extends string, V>(key: K) =>
    (loaded: Sourced<V>[]) =>
      loaded.map((s) => ({ file: s.file, def: { table: path.basename(s.file, '.ts'), [key]: s.def } as { table: string } & Record<K, V> }));
  return {
    repoRoot,
    publisher: await importDefault<PublisherDef>(repoRoot, path.join(src, 'publisher.ts')),
    solution: await importDefault<SolutionManifestDef>(repoRoot, path.join(src, 'solution.ts')),
    optionSets: await importFolder<OptionSetDef>(repoRoot, path.join(src, 'optionsets')),
    tables: await importFolder<TableDef>(repoRoot, path.join(src, 'tables')),
    forms: byTable<'forms', FormDef[]>('forms')(await importFolder<FormDef[]>(repoRoot, path.join(src, 'forms'))),
    views: byTable<'views', ViewDef[]>('views')(await importFolder<ViewDef[]>(repoRoot, path.join(src, 'views'))),
    charts: byTable<'charts', ChartDef[]>('charts')(await importFolder<ChartDef[]>(repoRoot, path.join(src, 'charts'))),
    dashboards: await importFolder<DashboardDef>(repoRoot, path.join(src, 'dashboards')),
    roles: await importFolder<RoleDef>(repoRoot, path.join(src, 'roles')),
    fieldSecurityProfiles: await importFolder<FieldSecurityProfileDef>(repoRoot, path.join(src, 'security')),
    appModule: await importOptional<AppModuleDef>(repoRoot, path.join(src, 'app', 'appmodule.ts')),
    siteMap: await importOptional<SiteMapDef>(repoRoot, path.join(src, 'app', 'sitemap.ts')),
    environmentVariables: await importFolder<EnvironmentVariableDef>(repoRoot, path.join(src, 'envvars')),
  };
}

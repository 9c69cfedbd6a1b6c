/**
 * The zip Azure runs: `npm run build -w functions`'s bundle (dist/index.js, our workspace code inlined), host.json,
 * a package.json with only the runtime dependencies, and their node_modules (installed here, so neither plan has to
 * build remotely: an Elastic Premium app runs the zip straight from blob storage, and a Flex Consumption app from
 * its deployment container).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node#folder-structure
 *       https://learn.microsoft.com/azure/azure-functions/run-functions-from-deployment-package
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { REPO } from './bicep.js';

const FUNCTIONS = join(REPO, 'functions');

export interface PackageOptions {
  /** Where the staging folder and relay.zip go (default .data/deploy). */
  outDir?: string;
  /** Install the runtime dependencies into the package (default true; tests of the layout skip the download). */
  install?: boolean;
  /** Builds the bundle and returns its dist folder (default: `npm run build -w functions`, functions/dist). */
  build?: () => Promise<string>;
  log?: (line: string) => void;
}

const npmBuild = async (): Promise<string> => {
  await run('npm', ['run', 'build', '-w', 'functions'], REPO);
  return join(FUNCTIONS, 'dist');
};

export async function buildPackage(options: PackageOptions = {}): Promise<string> {
  const out = options.outDir ?? join(REPO, '.data', 'deploy');
  const log = options.log ?? (() => {});
  const stage = join(out, 'package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  log('building the relay bundle (npm run build -w functions)');
  const dist = await (options.build ?? npmBuild)();
  cpSync(dist, join(stage, 'dist'), { recursive: true });
  cpSync(join(FUNCTIONS, 'host.json'), join(stage, 'host.json'));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(runtimeManifest(), null, 2)}\n`);

  if (options.install !== false) {
    log('installing the runtime dependencies into the package');
    await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], stage);
  }
  const zip = join(out, 'relay.zip');
  writeFileSync(zip, zipSync(filesOf(stage), { level: 6 }));
  log(`package: ${relative(REPO, zip)} (${(statSync(zip).size / 1024 / 1024).toFixed(1)} MiB)`);
  return zip;
}

/** functions/package.json without the workspace-only devDependencies (bundled, and not on any registry). */
export function runtimeManifest(): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(FUNCTIONS, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, type, main, dependencies, engines } = manifest;
  return { name, version, private: true, type, main, dependencies, engines };
}

function filesOf(root: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(root, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(root);
  return files;
}

export function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-2000)}`)),
    );
  });
}

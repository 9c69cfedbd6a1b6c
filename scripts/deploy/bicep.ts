/**
 * The real Bicep compiler, from the NuGet package Azure.Bicep.CommandLine.linux-x64 (never downloaded from anywhere
 * else): `dotnet restore` of a throwaway project with that one PackageReference, into .data/bicep/ (git-ignored
 * build output), then `bicep build` / `bicep lint` from the restored package's tools/ folder. A restore is done
 * once per machine (about 10 s); later calls find the binary.
 * Docs: https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-cli
 *       https://www.nuget.org/packages/Azure.Bicep.CommandLine.linux-x64
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BICEP_VERSION = '0.49.2';
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOME = join(REPO, '.data', 'bicep');
const PACKAGE = 'Azure.Bicep.CommandLine.linux-x64';

export class BicepError extends Error {
  override readonly name = 'BicepError';
}

/** Path of the bicep binary, restoring the package first when this machine has not yet. */
export async function bicepPath(): Promise<string> {
  const folder = join(HOME, 'packages', PACKAGE.toLowerCase(), BICEP_VERSION);
  const binary = join(folder, 'tools', 'bicep');
  // NuGet writes .nupkg.metadata last: without it, another process may still be extracting (its restore waits for
  // that one's lock, then finds the package complete).
  if (!existsSync(join(folder, '.nupkg.metadata'))) await restore();
  if (!existsSync(binary)) throw new BicepError(`the ${PACKAGE} ${BICEP_VERSION} package restored without tools/bicep`);
  chmodSync(binary, 0o755);
  return binary;
}

async function restore(): Promise<void> {
  // One project folder per process: two test files may restore at once on a fresh machine (NuGet locks the packages).
  const project = join(HOME, `restore-${process.pid}`);
  mkdirSync(project, { recursive: true });
  // ExcludeAssets: the package is a tool, not a library; the project only exists to make NuGet fetch it.
  writeFileSync(
    join(project, 'bicep.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="${PACKAGE}" Version="${BICEP_VERSION}" ExcludeAssets="all" /></ItemGroup>
</Project>
`,
  );
  const run = await exec('dotnet', ['restore', join(project, 'bicep.csproj'), '--packages', join(HOME, 'packages')], { DOTNET_NOLOGO: '1' }).catch(
    (e: Error) => {
      throw new BicepError(`dotnet is needed to restore ${PACKAGE} (${e.message})`);
    },
  );
  if (run.status !== 0) throw new BicepError(`dotnet restore of ${PACKAGE} ${BICEP_VERSION} failed:\n${run.stdout}${run.stderr}`);
}

/** A child process without blocking the event loop (builds take seconds; test workers must keep answering). */
function exec(command: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export interface BicepRun {
  status: number;
  /** Diagnostics (bicep writes them to stderr), one per line. */
  diagnostics: string[];
  stdout: string;
}

export async function runBicep(args: string[]): Promise<BicepRun> {
  const run = await exec(await bicepPath(), args).catch((e: Error) => {
    throw new BicepError(`bicep could not run: ${e.message}`);
  });
  return { status: run.status, diagnostics: run.stderr.split('\n').filter((l) => /: (Error|Warning) /.test(l)), stdout: run.stdout };
}

/** Compiles a .bicep file to its ARM JSON; any error or warning is a failure (the template is kept at zero of both). */
export async function compileTemplate(file: string): Promise<ArmTemplate> {
  const run = await runBicep(['build', file, '--stdout']);
  if (run.status !== 0 || run.diagnostics.length > 0) throw new BicepError(`bicep build ${file}:\n${run.diagnostics.join('\n')}`);
  return JSON.parse(run.stdout) as ArmTemplate;
}

/** Runs the linter (the rules of infra/bicepconfig.json); returns its diagnostics, empty when clean. */
export async function lintTemplate(file: string): Promise<string[]> {
  const run = await runBicep(['lint', file]);
  if (run.status !== 0 && run.diagnostics.length === 0) throw new BicepError(`bicep lint ${file} exited ${run.status}`);
  return run.diagnostics;
}

export interface ArmResource {
  type: string;
  name: string;
  properties?: Record<string, unknown> & { template?: ArmTemplate; parameters?: Record<string, { value: unknown }> };
  [key: string]: unknown;
}

export interface ArmTemplate {
  parameters: Record<string, { type: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
  variables?: Record<string, unknown>;
  resources: ArmResource[] | Record<string, ArmResource>;
  outputs: Record<string, { type: string; value: unknown }>;
}

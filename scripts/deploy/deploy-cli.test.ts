/**
 * `npm run deploy` fails early and clearly when az cannot be used, before anything changes in Azure: run as a real
 * process, once with a PATH that has no az, and with a fake az (a shell script on PATH) that answers as an
 * installed CLI on another cloud or not signed in would. The fake logs every call, so the test also sees that
 * nothing past the checks was asked.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './bicep.js';

const ARGS = ['--cloud', 'AzureCloud', '--resource-group', 'wxm-relay-rg', '--prefix', 'wxmtest'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function deployCli(args: string[], path: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'scripts/deploy/cli.ts'), ...args],
      { cwd: REPO, env: { PATH: path, HOME: tmpdir(), WECHAT_COMPONENT_APPID: 'wx1234567890abcdef', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A fake `az`: answers `version` and `cloud show`, and `account show` as a signed-out CLI does. */
function fakeAz(cloud: string): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-az-'));
  const log = join(dir, 'calls.log');
  writeFileSync(
    join(dir, 'az'),
    `#!/bin/sh
echo "$*" >> "${log}"
case "$1 $2" in
  "version --output") echo '{"azure-cli": "2.67.0"}' ;;
  "cloud show") echo "${cloud}" ;;
  "account show") echo "ERROR: Please run 'az login' to setup account." >&2; exit 1 ;;
  *) echo "ERROR: unexpected call" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(join(dir, 'az'), 0o755);
  return { dir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe('npm run deploy', () => {
  it('says how to install az when it is not on PATH', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-az-'));
    const run = await deployCli(ARGS, empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deploy: The Azure CLI (az) is not installed or not on PATH.');
    expect(run.stderr).toContain('https://learn.microsoft.com/cli/azure/install-azure-cli');
  }, 60_000);

  it('says to run az login when az is not signed in, and asks nothing more of Azure', async () => {
    const az = fakeAz('AzureCloud');
    const run = await deployCli(ARGS, az.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("deploy: az is not signed in to AzureCloud (Please run 'az login' to setup account.). Run: az login");
    expect(az.calls()).toEqual(['version --output json', 'cloud show --query name --output tsv', 'account show --output json']);
  }, 60_000);

  it('says to switch clouds when az is set to the other one (Azure China needs az cloud set)', async () => {
    const az = fakeAz('AzureCloud');
    const run = await deployCli(['--cloud', 'AzureChinaCloud', '--resource-group', 'wxm-relay-rg', '--prefix', 'wxmtest'], az.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deploy: az is set to AzureCloud, not AzureChinaCloud. Run: az cloud set --name AzureChinaCloud && az login');
    expect(az.calls()).toEqual(['version --output json', 'cloud show --query name --output tsv']);
  }, 60_000);

  it('names a missing option before calling az at all', async () => {
    const az = fakeAz('AzureCloud');
    const run = await deployCli(['--cloud', 'AzureCloud', '--resource-group', 'rg'], az.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deploy: --prefix is required');
    expect(run.stderr).toContain('Usage: npm run deploy --');
    expect(az.calls()).toEqual([]);
  }, 60_000);
});

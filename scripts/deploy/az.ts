/**
 * The Azure CLI, the only way this tool reaches Azure: the operator's own `az login` (or azure/login in the
 * pipeline) is the credential, and nothing is stored. Before anything else the CLI must be installed, set to the
 * cloud asked for, and signed in, each failure with the command that fixes it.
 * Docs: https://learn.microsoft.com/cli/azure/manage-clouds-azure-cli
 *       https://docs.azure.cn/zh-cn/cli/get-started-with-azure-cli (Azure China: az cloud set -n AzureChinaCloud)
 */
import { spawn } from 'node:child_process';
import type { CloudName } from './args.js';

export interface AzResult {
  status: number;
  stdout: string;
  stderr: string;
}

export class AzError extends Error {
  override readonly name: string = 'AzError';
}

/** az cannot be used yet (missing, other cloud, signed out): nothing was changed in Azure. */
export class AzNotReadyError extends AzError {
  override readonly name = 'AzNotReadyError';
}

export type AzRunner = (args: string[]) => Promise<AzResult>;

/** Runs `az` from PATH; a missing binary is an AzError saying how to install it. */
export const runAz: AzRunner = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn('az', args, { env: { ...process.env, AZURE_CORE_NO_COLOR: '1', AZURE_CORE_ONLY_SHOW_ERRORS: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new AzNotReadyError(
              'The Azure CLI (az) is not installed or not on PATH. Install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run az login.',
            )
          : e,
      ),
    );
    child.on('close', (code) => resolve({ status: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });

export interface SignedIn {
  subscriptionId: string;
  subscriptionName: string;
  tenantId: string;
  user: { name: string; type: 'user' | 'servicePrincipal' };
}

/** Installed, on the right cloud, signed in: or an AzError with the fix. */
export async function preflight(az: AzRunner, cloud: CloudName): Promise<SignedIn> {
  const version = await az(['version', '--output', 'json']);
  if (version.status !== 0) throw new AzNotReadyError(`az version failed (${firstLine(version.stderr)}); is the Azure CLI installed correctly?`);
  const current = await az(['cloud', 'show', '--query', 'name', '--output', 'tsv']);
  const active = current.stdout.trim();
  if (current.status !== 0 || active !== cloud) {
    throw new AzNotReadyError(`az is set to ${active || 'an unknown cloud'}, not ${cloud}. Run: az cloud set --name ${cloud} && az login`);
  }
  const account = await az(['account', 'show', '--output', 'json']);
  if (account.status !== 0) {
    throw new AzNotReadyError(
      `az is not signed in to ${cloud} (${firstLine(account.stderr)}). Run: az login${cloud === 'AzureChinaCloud' ? ' (after az cloud set --name AzureChinaCloud)' : ''}`,
    );
  }
  const parsed = JSON.parse(account.stdout) as { id: string; name: string; tenantId: string; user: SignedIn['user'] };
  return { subscriptionId: parsed.id, subscriptionName: parsed.name, tenantId: parsed.tenantId, user: parsed.user };
}

/** Runs az and parses its JSON output; a failure is an AzError naming the command (never its parameters' values). */
export async function azJson<T>(az: AzRunner, args: string[], what: string): Promise<T> {
  const result = await az([...args, '--output', 'json']);
  if (result.status !== 0) throw new AzError(`${what} failed: ${result.stderr.trim() || `az exited ${result.status}`}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : null) as T;
}

export async function azOk(az: AzRunner, args: string[], what: string): Promise<string> {
  const result = await az(args);
  if (result.status !== 0) throw new AzError(`${what} failed: ${result.stderr.trim() || `az exited ${result.status}`}`);
  return result.stdout;
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')[0]
      ?.replace(/^ERROR:\s*/, '') || 'no output'
  );
}

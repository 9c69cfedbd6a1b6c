/**
 * `npm run sandbox:webapi -- <METHOD> <path> [json body]`: one Dataverse Web API call in the sandbox, as the
 * sandbox's Dynamics admin makes it (what a form, a view's bulk edit or Power Automate's Dataverse connector would
 * send), so every step of the README's walkthroughs can be done from a terminal. The path is relative to
 * `/api/data/v9.2/`; in the path and the body, `@account` is the demo Official Account's row id, `@follower` the
 * demo follower's row id (once it has written) and `@now` the current time (ISO 8601).
 *
 *   npm run sandbox:webapi -- GET 'wxm_followers?$select=wxm_openid,wxm_subscribed&$top=5'
 *   npm run sandbox:webapi -- PATCH 'wxm_officialaccounts(@account)' '{"wxm_name":"Demo"}'
 *
 * Dataverse's own error (status, code, message) is printed as it comes, and the exit code is 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Follower, OfficialAccount } from '@wxm/solution/schema';
import { DATA_DIR } from './local/local-state.js';
import type { SandboxInfo } from './local/sandbox.js';

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

interface Call {
  method: string;
  path: string;
  body: string | undefined;
}

export function parseArgs(argv: readonly string[]): Call {
  const [rawMethod, path, ...rest] = argv;
  const method = (rawMethod ?? '').toUpperCase();
  if (!METHODS.has(method) || !path) throw new Error("Usage: npm run sandbox:webapi -- <GET|POST|PATCH|PUT|DELETE> <path> ['<json body>']");
  const body = rest.length > 0 ? rest.join(' ') : undefined;
  if (body !== undefined) JSON.parse(body); // a typo in the JSON is ours to report, not Dataverse's
  return { method, path: path.replace(/^\/+/, ''), body };
}

/** Replaces @account, @follower and @now; looks up only the ids the call uses. */
export async function substitute(text: string, lookup: (name: 'account' | 'follower') => Promise<string>, now: () => Date = () => new Date()): Promise<string> {
  let out = text.replaceAll('@now', now().toISOString());
  for (const name of ['account', 'follower'] as const) {
    if (out.includes(`@${name}`)) out = out.replaceAll(`@${name}`, await lookup(name));
  }
  return out;
}

async function main(): Promise<void> {
  const info = JSON.parse(readFileSync(join(DATA_DIR, 'sandbox.json'), 'utf8')) as SandboxInfo;
  if (!info.dataverseUrl || !info.dataverseToken) throw new Error('.data/sandbox.json has no Dataverse: start the sandbox with `npm start` first.');
  const base = `${info.dataverseUrl.replace(/\/+$/, '')}/api/data/v9.2/`;
  const headers = { authorization: `Bearer ${info.dataverseToken}`, accept: 'application/json', 'content-type': 'application/json; charset=utf-8' };
  const call = parseArgs(process.argv.slice(2));
  const firstId = async (set: string, idColumn: string, filter: string, missing: string): Promise<string> => {
    const response = await fetch(`${base}${set}?$select=${idColumn}&$filter=${encodeURIComponent(filter)}`, { headers });
    const rows = ((await response.json()) as { value?: Record<string, unknown>[] }).value ?? [];
    const id = rows[0]?.[idColumn];
    if (typeof id !== 'string') throw new Error(missing);
    return id;
  };
  const lookup = (name: 'account' | 'follower') =>
    name === 'account'
      ? firstId(
          OfficialAccount.entitySetName,
          OfficialAccount.columns.Id,
          `${OfficialAccount.columns.AppId} eq '${info.demoAccount.appid}'`,
          'The demo account is not in Dataverse yet: run `npm start` first.',
        )
      : firstId(
          Follower.entitySetName,
          Follower.columns.Id,
          `${Follower.columns.OpenId} eq '${info.demoFollower}'`,
          'The demo follower is not in Dataverse yet: push a message or run a follower sync first.',
        );
  const path = await substitute(call.path, lookup);
  const body = call.body === undefined ? undefined : await substitute(call.body, lookup);
  const response = await fetch(`${base}${path}`, { method: call.method, headers: { ...headers, prefer: 'return=representation' }, body });
  const text = await response.text();
  console.log(`HTTP ${response.status}${response.headers.get('odata-entityid') ? `  ${response.headers.get('odata-entityid')}` : ''}`);
  if (text) console.log(JSON.stringify(JSON.parse(text), null, 2));
  if (!response.ok) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Piped into `head` or `grep -m1`: the reader leaving is not an error of the call.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

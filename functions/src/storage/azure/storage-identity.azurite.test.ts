/**
 * The relay's storage on an identity-based connection, end to end against a storage service that checks bearer
 * tokens: Azurite over HTTPS with `--oauth basic` (it validates a token's issuer, audience and lifetime; it does not
 * check signatures, which only Microsoft Entra ID could). The relay's own code, createAzureStorage with identity
 * settings (service URIs, no key anywhere), creates its tables and locks container, writes and reads a key-value
 * entry, queues a message and takes the refresh lease, every request carrying the credential's token. A token for
 * another audience is refused, so the success is the token's doing.
 *
 * Node trusts the test's self-signed certificate only through NODE_EXTRA_CA_CERTS, read at process start, so the
 * storage calls run in a child process; this file starts and stops its own Azurite.
 * Docs: https://learn.microsoft.com/azure/storage/common/storage-use-azurite#oauth-configuration
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');
const work = mkdtempSync(join(tmpdir(), 'azurite-oauth-'));
let azurite: ChildProcess | undefined;
const ports = { blob: 0, queue: 0, table: 0 };

beforeAll(async () => {
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(work, 'key.pem'),
    '-out',
    join(work, 'cert.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  for (const service of ['blob', 'queue', 'table'] as const) ports[service] = await freePort();
  azurite = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/azurite/dist/src/azurite.js'),
      ...['--silent', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--extentMemoryLimit', '64'],
      ...['--blobHost', '127.0.0.1', '--blobPort', String(ports.blob), '--queueHost', '127.0.0.1', '--queuePort', String(ports.queue)],
      ...['--tableHost', '127.0.0.1', '--tablePort', String(ports.table)],
      ...['--cert', join(work, 'cert.pem'), '--key', join(work, 'key.pem'), '--oauth', 'basic'],
    ],
    { stdio: 'ignore', cwd: work },
  );
  for (const port of Object.values(ports)) await listening(port);
}, 60_000);

afterAll(async () => {
  if (!azurite || azurite.exitCode !== null) return;
  const exited = new Promise((r) => azurite!.once('exit', r));
  azurite.kill('SIGTERM');
  await exited;
});

/** What the child runs: the relay's storage factory on identity settings, with a token of the given audience. */
function script(audience: string): string {
  const uri = (service: keyof typeof ports) => `https://127.0.0.1:${ports[service]}/devstoreaccount1`;
  return `
import { createAzureStorage } from ${JSON.stringify(join(ROOT, 'functions/src/storage/azure/create-azure-storage.ts'))};
import { AesGcmSecretBox } from ${JSON.stringify(join(ROOT, 'functions/src/storage/secret-box.ts'))};
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const requested = [];
const credential = {
  async getToken(scopes) {
    requested.push(scopes);
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: ${JSON.stringify(audience)}, iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000001/', iat: now - 60, nbf: now - 60, exp: now + 3600, oid: 'relay' };
    return { token: b64({ alg: 'none', typ: 'JWT' }) + '.' + b64(claims) + '.', expiresOnTimestamp: (now + 3600) * 1000 };
  },
};
const settings = { kind: 'identity', cloud: 'AzureCloud', accountName: undefined, credential: 'managedidentity', clientId: undefined,
  uris: { blob: ${JSON.stringify(uri('blob'))}, queue: ${JSON.stringify(uri('queue'))}, table: ${JSON.stringify(uri('table'))} } };
try {
  const storage = await createAzureStorage(settings, { secretBox: new AesGcmSecretBox(Buffer.alloc(32, 3).toString('base64')), credential, namePrefix: 'idt' });
  await storage.kv.put('greeting', '你好');
  const read = await storage.kv.get('greeting');
  const queue = storage.queue('relay-tasks');
  await queue.enqueue({ kind: 'probe' });
  const depth = await queue.depth();
  const locked = await storage.refreshLock.withLock('component', async () => 'held');
  await storage.ping();
  console.log(JSON.stringify({ ok: true, read, depth, locked, scopes: [...new Set(requested.flat())] }));
} catch (err) {
  const detail = (String(err.message) + String(err.cause?.message)).split('<AuthenticationErrorDetail>')[1]?.split('<')[0];
  console.log(JSON.stringify({ ok: false, status: err.statusCode ?? err.cause?.statusCode, detail, scopes: [...new Set(requested.flat())] }));
}
`;
}

async function inChild(audience: string): Promise<Record<string, unknown>> {
  const file = join(work, `probe-${audience.length}.mts`);
  writeFileSync(file, script(audience));
  const stdout = await run(process.execPath, ['--import', 'tsx', file], { NODE_EXTRA_CA_CERTS: join(work, 'cert.pem') }, ROOT);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

it('creates, writes, queues and leases with bearer tokens only', async () => {
  expect(await inChild('https://storage.azure.com')).toEqual({
    ok: true,
    read: '你好',
    depth: 1,
    locked: 'held',
    scopes: ['https://storage.azure.com/.default'],
  });
}, 60_000);

it('is refused when the token is for another audience', async () => {
  expect(await inChild('https://vault.azure.net')).toEqual({
    ok: false,
    status: 403,
    detail: 'Invalid token audience.',
    scopes: ['https://storage.azure.com/.default'],
  });
}, 60_000);

function run(command: string, args: string[], env: Record<string, string> = {}, cwd = work): Promise<string> {
  return new Promise((done, fail) =>
    execFile(command, args, { cwd, env: { ...process.env, ...env }, timeout: 50_000 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${command} failed: ${stderr || error.message}`)) : done(stdout),
    ),
  );
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      }).on('error', () => done(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on ${port}`);
}

/**
 * `npm run bench:callbacks`, one run on one machine, each server in its own child process, one after the other
 * (this process only drives autocannon):
 *  (a) the relay's callback route alone on the local Functions host, on Azurite, at BENCH_CONNECTIONS (50) for
 *      BENCH_SECONDS (10), every request a new message; beside it the node-webot `wechat` middleware on express
 *      under the same load (the same encrypted pushes, token and AES key, answering `success`), their ratio, and
 *      the storage operations per accepted callback, counted inside the relay process by its storage clients
 *      (functions/src/storage/azure/request-policies.ts: a pipeline policy counts every Table HTTP try, a Table
 *      $batch being one; StorageQueue counts every Queue call);
 *      then the same load against the sandbox as `npm start` runs it (delivery running too) and its ratio;
 *  (b) verify + decrypt + parse per second for our code beside wechat-crypto + xml2js, same process.
 * BENCH_AUTOREPLY=1: the relay answers every callback with a passive reply from 400 auto-reply rules in memory
 * (callbacks-autoreply.ts); the figures then include matching, the reply's encryption and the larger envelope.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { queueServiceClient } from '../../functions/src/storage/azure/connection.js';
import { createAzureStorage } from '../../functions/src/storage/azure/create-azure-storage.js';
import { AesGcmSecretBox } from '../../functions/src/storage/secret-box.js';
import { startAzurite } from '../azurite.js';
import { startChild } from './callbacks-children.js';
import { encryptedPushes, runLoad, type LoadResult, type PushTarget } from './callbacks-load.js';
import { benchDecryptParse } from './decrypt-parse.js';
import { AUTOREPLY, storeBenchRules } from './callbacks-autoreply.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
/** More than any run sends: every request is a new message. */
const PUSHES = 200_000;
const load = { connections: CONNECTIONS, seconds: SECONDS };
const warmUp = { connections: CONNECTIONS, seconds: WARM_UP_SECONDS };

async function main(): Promise<void> {
  const component = {
    appid: `wx${randomBytes(8).toString('hex')}`,
    token: 'benchtoken',
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'B'),
  };
  const target: PushTarget = { component, account: { appid: 'wx0beec00000000001', originalId: 'gh_0123456789ab' }, msgIdBase: 7_000_000_000_000_000_000n };
  const pushes = encryptedPushes(target, PUSHES);
  const warmPushes = encryptedPushes({ ...target, msgIdBase: 8_000_000_000_000_000_000n }, 20_000);
  console.log(`(a) ${CONNECTIONS} connections for ${SECONDS} s (after ${WARM_UP_SECONDS} s of warm-up), every request a new encrypted message`);
  if (AUTOREPLY)
    console.log(
      '    BENCH_AUTOREPLY=1: 400 auto-reply rules, one matching every message: every callback answers a passive reply (the peer answers an encrypted text reply too)',
    );

  if (process.env.BENCH_ONLY === 'sandbox') {
    console.log(row('sandbox as npm start runs it', ...figures(await benchSandbox())));
    return;
  }
  const ours = await benchRelay(component, target, pushes, warmPushes);
  if (process.env.BENCH_ONLY === 'relay') {
    console.log(
      row('relay, callback route (Azurite)', ...figures(ours.load)),
      ours.storage,
      ours.queued,
      `relay CPU ${ours.cpuMsPerCallback.toFixed(3)} ms/callback`,
      ...(AUTOREPLY ? [`auto replies carried by ${ours.queued.replied} of ${ours.queued.envelopes} envelopes`] : []),
    );
    return;
  }
  const peer = await benchPeer(component, pushes, warmPushes);
  const sandbox = await benchSandbox();

  const ratio = ours.load.perSecond / peer.perSecond;
  const sandboxRatio = sandbox.perSecond / peer.perSecond;
  console.log('');
  console.log(row('', 'callbacks/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests'));
  console.log(row('relay, callback route (Azurite)', ...figures(ours.load)));
  console.log(row('node-webot wechat + express', ...figures(peer)));
  console.log(row('sandbox as npm start runs it', ...figures(sandbox)));
  console.log('');
  const c = ours.storage;
  console.log(`    ours / peer: ${ratio.toFixed(2)}x   sandbox / peer: ${sandboxRatio.toFixed(2)}x`);
  console.log(
    `    storage operations per accepted callback: ${(c.total / ours.load.accepted).toFixed(3)} ` +
      `(${c.total} requests to Azurite for ${ours.load.accepted} accepted: table ${c.table}, queue ${c.queue}; ` +
      `${ours.queued.envelopes} envelopes in ${ours.queued.messages} queue messages)`,
  );
  console.log(`    relay process CPU per callback: ${ours.cpuMsPerCallback.toFixed(3)} ms (user + system, during the measured run)`);
  if (AUTOREPLY)
    console.log(`    auto replies: ${ours.queued.replied} of ${ours.queued.envelopes} queued envelopes carry the passive reply they were answered with`);
  const checks = [
    [`ours >= 1.5x peer`, ratio >= 1.5],
    [`our p99 <= 50 ms`, ours.load.p99 <= 50],
    [`0 non-2xx`, ours.load.non2xx === 0 && ours.load.errors === 0],
    [`<= 0.25 storage operations per callback`, c.total / ours.load.accepted <= 0.25],
    // Requests still open when autocannon stops may be stored too, so at least the accepted ones, each once.
    [`every accepted callback queued once`, ours.queued.envelopes >= ours.load.accepted + ours.warmAccepted && ours.queued.distinct === ours.queued.envelopes],
    [`sandbox >= 1.0x peer`, sandboxRatio >= 1.0],
  ] as const;
  console.log(`    targets: ${checks.map(([name, ok]) => `${ok ? 'met' : 'MISSED'}: ${name}`).join('; ')}`);
  if (ours.load.wrapped || sandbox.wrapped) console.log('    (note: a run sent more requests than distinct pushes; some were repeats)');

  console.log('(b) verify + decrypt + parse, same process, same encrypted callbacks ...');
  const b = await benchDecryptParse();
  console.log(`    ours ${b.ours.opsPerSec.toFixed(0)}/s, wechat-crypto + xml2js ${b.peer.opsPerSec.toFixed(0)}/s, ratio ${b.ratio.toFixed(2)}x`);
}

async function benchRelay(
  component: PushTarget['component'],
  target: PushTarget,
  pushes: ReturnType<typeof encryptedPushes>,
  warm: ReturnType<typeof encryptedPushes>,
) {
  const azurite = await startAzurite({ inMemory: true });
  const secretKey = randomBytes(32).toString('base64');
  try {
    const storage = await createAzureStorage(azurite.connectionString, { secretBox: new AesGcmSecretBox(secretKey) });
    await storage.authorizers.put({
      appid: target.account.appid,
      originalId: target.account.originalId,
      nickName: 'bench',
      isMiniProgram: false,
      funcScopes: [1],
      status: 'authorized',
      authorizedAt: Date.now(),
      updatedAt: Date.now(),
    });
    if (AUTOREPLY) await storeBenchRules(storage.kv, target.account.appid);
    const relay = await startChild(
      'scripts/bench/callbacks-relay.ts',
      {
        WECHAT_COMPONENT_APPID: component.appid,
        WECHAT_COMPONENT_APPSECRET: randomBytes(16).toString('hex'),
        WECHAT_COMPONENT_TOKEN: component.token,
        WECHAT_COMPONENT_AES_KEY: component.encodingAesKey,
        WECHAT_API_BASE: 'http://127.0.0.1:9',
        WECHAT_MP_BASE: 'http://127.0.0.1:9',
        AzureWebJobsStorage: azurite.connectionString,
        RELAY_SECRET_KEY: secretKey,
        RELAY_FUNCTION_KEY: randomBytes(24).toString('base64url'),
      },
      {
        // BENCH_CPU_PROF=<dir>: the relay process writes a V8 CPU profile there (open it in Chrome DevTools).
        nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      },
    );
    const [relayUrl, controlUrl] = relay.url.split(' ') as [string, string];
    const counts = async () => {
      const c = (await (await fetch(controlUrl)).json()) as { table: number; queue: number; cpuMicros: number };
      return { ...c, total: c.table + c.queue };
    };
    try {
      const warmRun = await runLoad(relayUrl, warm, warmUp);
      await sleep(300);
      const before = await counts();
      const result = await runLoad(relayUrl, pushes, load);
      await sleep(500); // the last group's confirm, off the answer path
      const after = await counts();
      const storageOps = { queue: after.queue - before.queue, table: after.table - before.table, total: after.total - before.total };
      const cpuMsPerCallback = (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, result.total);
      return { load: result, storage: storageOps, cpuMsPerCallback, queued: await drainInbound(azurite.connectionString), warmAccepted: warmRun.accepted };
    } finally {
      await relay.stop();
    }
  } finally {
    await azurite.stop();
  }
}

async function benchPeer(
  component: PushTarget['component'],
  pushes: ReturnType<typeof encryptedPushes>,
  warm: ReturnType<typeof encryptedPushes>,
): Promise<LoadResult> {
  const peer = await startChild('scripts/bench/callbacks-peer.ts', {
    BENCH_TOKEN: component.token,
    BENCH_APPID: component.appid,
    BENCH_AES_KEY: component.encodingAesKey,
  });
  try {
    await runLoad(peer.url, warm, warmUp);
    return await runLoad(peer.url, pushes, load);
  } finally {
    await peer.stop();
  }
}

/** `npm start` with nothing configured (its own data directory and ports), loaded on its demo account. */
async function benchSandbox(): Promise<LoadResult> {
  const dataDir = join(import.meta.dirname, '../../.data/bench-sandbox');
  rmSync(dataDir, { recursive: true, force: true });
  const [port, simulator, dataverse] = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    RELAY_DATA_DIR: dataDir,
    PORT: String(port),
    WECHAT_SIMULATOR_PORT: String(simulator),
    DATAVERSE_EMULATOR_PORT: String(dataverse),
  };
  for (const name of ['WECHAT_COMPONENT_APPID', 'WECHAT_COMPONENT_APPSECRET', 'WECHAT_COMPONENT_TOKEN', 'WECHAT_COMPONENT_AES_KEY', 'AzureWebJobsStorage'])
    env[name] = '';
  const sandbox = await startChild('scripts/start.ts', env, {
    ready: /Relay listening on (\S+)/,
    nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/sandbox`] : [],
  });
  try {
    const file = join(dataDir, 'sandbox.json');
    for (let i = 0; i < 600 && !existsSync(file); i++) await sleep(100);
    const info = JSON.parse(readFileSync(file, 'utf8')) as {
      component: { appid: string; token: string; aesKey: string };
      demoAccount: { appid: string; originalId: string };
    };
    const target: PushTarget = {
      component: { appid: info.component.appid, token: info.component.token, encodingAesKey: info.component.aesKey },
      account: info.demoAccount,
      msgIdBase: 6_000_000_000_000_000_000n + BigInt(Date.now()) * 1_000_000n,
    };
    const url = `http://127.0.0.1:${port}`;
    await runLoad(url, encryptedPushes({ ...target, msgIdBase: target.msgIdBase + 500_000n }, 20_000), warmUp);
    return await runLoad(url, encryptedPushes(target, PUSHES), load);
  } finally {
    await sandbox.stop();
  }
}

/** Takes every message off wechat-inbound and counts the envelopes (a v2 batch holds several). */
async function drainInbound(connectionString: string): Promise<{ messages: number; envelopes: number; distinct: number; replied: number }> {
  const queue = queueServiceClient(connectionString).getQueueClient('wechat-inbound');
  let messages = 0;
  let envelopes = 0;
  let replied = 0;
  const keys = new Set<string>();
  for (;;) {
    const { receivedMessageItems: items } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 });
    if (items.length === 0) return { messages, envelopes, distinct: keys.size, replied };
    for (const item of items) {
      type Envelope = { dedupeKey: string; autoReply?: unknown };
      const message = JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')) as Envelope | { v: 2; envelopes: Envelope[] };
      const list = 'envelopes' in message ? message.envelopes : [message];
      messages++;
      envelopes += list.length;
      for (const e of list) {
        keys.add(e.dedupeKey);
        if (e.autoReply) replied++;
      }
    }
  }
}

function figures(r: LoadResult): string[] {
  return [r.perSecond.toFixed(0), String(r.p50), String(r.p99), String(r.non2xx), String(r.errors + r.timeouts), String(r.total)];
}

function row(...cells: string[]): string {
  return `    ${cells[0]!.padEnd(34)}${cells
    .slice(1)
    .map((c) => c.padStart(12))
    .join('')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

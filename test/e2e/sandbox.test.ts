/**
 * The README's quick start: `npm start` with nothing configured is the sandbox. It starts its own Azurite and
 * the WeChat simulator, authorizes the demo account through the real flow, writes sandbox.json and prints the
 * steps; following them shows a message verified and queued.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startRelayProcess, type RelayProcess } from '../support/relay-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wxm-sandbox-'));
let relay: RelayProcess;
let sandbox: {
  relayUrl: string;
  wechatSimulatorUrl: string;
  storageConnectionString: string;
  demoAccount: { appid: string; originalId: string; bindingToken: string };
  demoFollower: string;
};

beforeAll(async () => {
  relay = await startRelayProcess({ RELAY_DATA_DIR: dataDir, WECHAT_SIMULATOR_PORT: String(await freePort()) }, /Sandbox ready/);
  await relay.waitFor(/Authorize an account yourself/);
  sandbox = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8'));
}, 90_000);

afterAll(async () => {
  expect(await relay?.stop()).toBe(0);
});

it('prints the relay URL and a paste-able command that makes a follower say 你好 👋', () => {
  const output = relay.lines.join('\n');
  expect(output).toContain(`Relay listening on ${sandbox.relayUrl}`);
  expect(output).toContain(`curl -s -X POST ${sandbox.wechatSimulatorUrl}/sim/push`);
  expect(output).toContain('"content":"你好 👋"');
  expect(sandbox.demoAccount).toMatchObject({ appid: 'wx5a4dbeef00c0ffee', originalId: 'gh_0de305c0ffee' });
  expect(sandbox.demoAccount.bindingToken).toMatch(/^wxb_/);
});

it('following the printed steps shows the message verified and queued, once', async () => {
  const push = (body: object) =>
    fetch(`${sandbox.wechatSimulatorUrl}/sim/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<Array<{ status: number; body: string }>>,
    );
  const hello = { appid: sandbox.demoAccount.appid, openid: sandbox.demoFollower, msgType: 'text', content: '你好 👋' };
  expect((await push(hello)).map((r) => [r.status, r.body])).toEqual([[200, 'success']]);
  const retried = await push({ ...hello, msgId: '1000000000000000001', repeat: 3 });
  expect(retried.map((r) => r.status)).toEqual([200, 200, 200]);

  const health = (await (await fetch(`${sandbox.relayUrl}/api/health`)).json()) as { status: string; queues: Record<string, number> };
  expect(health.status).toBe('ok');
  expect(health.queues['wechat-inbound']).toBe(2);
  expect(relay.lines.some((l) => l.includes('message queued'))).toBe(true);
  expect(relay.lines.filter((l) => l.includes('duplicate delivery acknowledged'))).toHaveLength(2);
});

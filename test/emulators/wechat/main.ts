/**
 * Runs the WeChat platform simulator on its own:
 *   npx tsx test/emulators/wechat/main.ts --port 7073 --relay http://127.0.0.1:7071 \
 *     --component-appid wx… --component-secret … --component-token … --component-aes-key <43 chars> \
 *     [--ticket-interval-ms 600000] [--account wx…:gh_…:Name]…
 * Every option can come from the environment instead (WECHAT_COMPONENT_APPID, WECHAT_COMPONENT_APPSECRET,
 * WECHAT_COMPONENT_TOKEN, WECHAT_COMPONENT_AES_KEY, RELAY_PUBLIC_URL, WECHAT_SIM_PORT).
 * Prints one line with the URL; stops on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startWechatSimulator } from './index.js';
import type { SimAccountInit } from './types.js';

function fail(message: string): never {
  process.stderr.write(`wechat-simulator: ${message}\n`);
  process.exit(2);
}

function parseAccount(spec: string): SimAccountInit {
  const [appid, originalId, ...name] = spec.split(':');
  if (!appid || !originalId) fail(`--account must be appid:gh_id[:nick name], got "${spec}"`);
  return { appid, originalId, nickName: name.join(':') || appid, serviceType: 2, verifyType: 0 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      relay: { type: 'string' },
      'component-appid': { type: 'string' },
      'component-secret': { type: 'string' },
      'component-token': { type: 'string' },
      'component-aes-key': { type: 'string' },
      'ticket-interval-ms': { type: 'string' },
      'token-ttl-seconds': { type: 'string' },
      'token-overlap-seconds': { type: 'string' },
      account: { type: 'string', multiple: true },
    },
  });
  const env = process.env;
  const appid = values['component-appid'] ?? env.WECHAT_COMPONENT_APPID;
  const appsecret = values['component-secret'] ?? env.WECHAT_COMPONENT_APPSECRET;
  const token = values['component-token'] ?? env.WECHAT_COMPONENT_TOKEN;
  const encodingAesKey = values['component-aes-key'] ?? env.WECHAT_COMPONENT_AES_KEY;
  if (!appid || !appsecret || !token || !encodingAesKey) {
    fail(
      'component credentials are required: --component-appid, --component-secret, --component-token, --component-aes-key (or the WECHAT_COMPONENT_* variables)',
    );
  }
  const number = (text: string | undefined, name: string): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) fail(`${name} must be a non-negative integer`);
    return value;
  };
  const simulator = await startWechatSimulator({
    port: number(values.port ?? env.WECHAT_SIM_PORT, '--port') ?? 7073,
    host: values.host ?? '127.0.0.1',
    relayUrl: values.relay ?? env.RELAY_PUBLIC_URL ?? 'http://127.0.0.1:7071',
    component: { appid, appsecret, token, encodingAesKey },
    ticketIntervalMs: number(values['ticket-interval-ms'], '--ticket-interval-ms') ?? 600_000,
    ...(values['token-ttl-seconds'] ? { tokenTtlSeconds: number(values['token-ttl-seconds'], '--token-ttl-seconds') } : {}),
    ...(values['token-overlap-seconds'] ? { tokenOverlapSeconds: number(values['token-overlap-seconds'], '--token-overlap-seconds') } : {}),
    accounts: (values.account ?? []).map(parseAccount),
  });
  process.stdout.write(`WeChat simulator listening on ${simulator.url} (component ${appid}; control API at ${simulator.url}/sim/)\n`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

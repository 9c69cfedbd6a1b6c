/**
 * `npm start`: the relay on a local Functions host (same registrations as Azure), with Azurite for storage.
 * With no WECHAT_COMPONENT_* settings it is the sandbox: the WeChat platform simulator and the Dataverse
 * emulator start too, a demo Official Account is authorized through the real flow, and what to try is printed.
 */
import { join } from 'node:path';
import { isSandbox, loadSettings, type Env } from '../functions/src/config/settings.js';
import { SettingsError } from '../functions/src/config/settings-error.js';
import { startAzurite, type RunningAzurite } from './azurite.js';
import { DATA_DIR, loadLocalSecrets } from './local/local-state.js';
import { startRelayHost } from './local/relay-host.js';
import { startSandbox, printSandboxGuide } from './local/sandbox.js';

const closers: Array<() => Promise<void>> = [];

async function main(): Promise<void> {
  const secrets = loadLocalSecrets();
  const env: Env = { ...process.env };
  const port = Number(env.PORT ?? 7071);
  const relayUrl = `http://127.0.0.1:${port}`;
  env.RELAY_SECRET_KEY ||= secrets.RELAY_SECRET_KEY;
  env.RELAY_FUNCTION_KEY ||= secrets.RELAY_FUNCTION_KEY;
  env.RELAY_PUBLIC_URL ||= `http://localhost:${port}`;

  let azurite: RunningAzurite | undefined;
  if (!env.AzureWebJobsStorage) {
    // Azurite's usual ports when free (other tools find it there), any free ports otherwise.
    const location = join(DATA_DIR, 'azurite');
    azurite = await startAzurite({ location, blobPort: 10000, queuePort: 10001, tablePort: 10002 }).catch(() => startAzurite({ location }));
    closers.push(() => azurite!.stop());
    env.AzureWebJobsStorage = azurite.connectionString;
  }

  const sandbox = isSandbox(env) ? await startSandbox({ env, relayUrl, secrets }) : undefined;
  if (sandbox) closers.push(() => sandbox.close());

  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) {
      console.error(`Cannot start the relay: ${err.message}`);
      await shutdown(1);
    }
    throw err;
  }
  Object.assign(process.env, env);

  const host = await startRelayHost({ port, functionKey: env.RELAY_FUNCTION_KEY, storageConnectionString: env.AzureWebJobsStorage ?? '' });
  closers.unshift(() => host.close());
  console.log(`Relay listening on ${relayUrl} (functions: ${host.functions.join(', ')})`);
  console.log(`Storage: ${azurite ? `Azurite, data in ${join(DATA_DIR, 'azurite')}` : 'AzureWebJobsStorage'}`);

  if (sandbox) printSandboxGuide(await sandbox.connect());
  else console.log(`WeChat: ${env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com'} as component ${env.WECHAT_COMPONENT_APPID}`);
}

async function shutdown(code: number): Promise<never> {
  for (const close of closers) await close().catch(() => undefined);
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});

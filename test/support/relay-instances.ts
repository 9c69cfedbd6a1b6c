/**
 * Relay instances for end-to-end tests: each one is a separate composition root with its own Azure Storage
 * clients (nothing shared in memory), all on the test run's Azurite under one name prefix, as several Function
 * App instances share one storage account.
 */
import { randomBytes } from 'node:crypto';
import { createRelay, type Relay } from '../../functions/src/app/relay.js';
import { loadSettings } from '../../functions/src/config/settings.js';
import type { Clock } from '../../functions/src/kernel/clock.js';
import type { Logger } from '../../functions/src/relay/ports/logger.js';
import { azuriteConnectionString } from './azurite.js';

export interface TestComponent {
  appid: string;
  appsecret: string;
  token: string;
  encodingAesKey: string;
}

export function newComponent(): TestComponent {
  return {
    appid: `wx${randomBytes(8).toString('hex')}`,
    appsecret: randomBytes(16).toString('hex'),
    token: `t${randomBytes(8).toString('hex')}`,
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x'),
  };
}

export interface InstanceOptions {
  component: TestComponent;
  wechatUrl: string;
  namePrefix: string;
  clock?: Clock;
  fetch?: typeof fetch;
  secretKey?: string;
  storageConnectionString?: string;
  clockSkewSeconds?: number;
}

export const SHARED_SECRET_KEY = randomBytes(32).toString('base64');

export function relayInstance(options: InstanceOptions): Relay {
  const settings = loadSettings({
    WECHAT_COMPONENT_APPID: options.component.appid,
    WECHAT_COMPONENT_APPSECRET: options.component.appsecret,
    WECHAT_COMPONENT_TOKEN: options.component.token,
    WECHAT_COMPONENT_AES_KEY: options.component.encodingAesKey,
    WECHAT_API_BASE: options.wechatUrl,
    WECHAT_MP_BASE: options.wechatUrl,
    WECHAT_CLOCK_SKEW_SECONDS: String(options.clockSkewSeconds ?? 0),
    RELAY_PUBLIC_URL: 'http://127.0.0.1:7071',
    AzureWebJobsStorage: options.storageConnectionString ?? azuriteConnectionString(),
    RELAY_SECRET_KEY: options.secretKey ?? SHARED_SECRET_KEY,
  });
  return createRelay(settings, {
    namePrefix: options.namePrefix,
    ...(options.clock && { clock: options.clock }),
    ...(options.fetch && { fetch: options.fetch }),
  });
}

/** An invocation logger of the instance that collects every line (for assertions and secret scans). */
export function collectingLogger(relay: Relay, lines: string[] = []): Logger {
  const push =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.map(String).join(' ')}`);
  return relay.logger({ info: push('info'), warn: push('warn'), error: push('error') });
}

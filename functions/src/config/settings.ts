/**
 * The relay's settings, read once from the environment (app settings in Azure, `.data/` + env in local runs).
 * A missing or malformed setting stops start-up with an error that names it, never with a stack trace deep
 * inside a handler. Names and defaults are the contract in shared/docs/ARCHITECTURE.md ("Settings").
 */
import { SettingsError } from './settings-error.js';
import * as check from './checks.js';
import { loadStorageSettings, type StorageSettings } from './storage-settings.js';

export interface ComponentCredentials {
  appid: string;
  appsecret: string;
  /** Message-check token configured on the platform (3–32 letters and digits). */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAesKey: string;
}

export interface RelaySettings {
  component: ComponentCredentials;
  wechatApiBase: string;
  wechatMpBase: string;
  /** 0 turns the timestamp check off. */
  clockSkewSeconds: number;
  publicUrl: string;
  /** How storage is reached: a connection string, or an identity (AzureWebJobsStorage__*); see storage-settings.ts. */
  storage: StorageSettings;
  /** The connection string when `storage` is one, '' for an identity-based connection (scripts that need a string). */
  storageConnectionString: string;
  /** 32 bytes; encrypts refresh tokens, client secrets and signs authorization state. */
  secretKey: Buffer;
  /** Only the local host checks it; Azure enforces function keys itself. */
  functionKey: string | undefined;
  port: number;
  /**
   * Where Azure AD token requests go instead of login.microsoftonline.com / login.chinacloudapi.cn. Unset in
   * production; the sandbox points it at the Dataverse emulator's fake Azure AD.
   */
  dataverseLoginBase: string | undefined;
  /**
   * Origins accepted as Dataverse environments and Start To Use return pages besides `https://<org>.crm*.dynamics.com|cn`
   * (`DATAVERSE_ALLOWED_ORIGINS`). Empty in production; the sandbox and tests list their loopback emulators.
   */
  allowedOrgOrigins: readonly string[];
  /**
   * Proxies in front of the Function App that append to X-Forwarded-For (Front Door, APIM, Application Gateway):
   * per-client rate limits count that many entries from the right past the platform's own (`RELAY_TRUSTED_PROXIES`,
   * default 0: clients reach the Function App directly).
   */
  trustedProxies: number;
  /**
   * Multiplies every per-client rate limit (`RELAY_RATE_LIMIT_SCALE`, default 1). For a relay whose admins all
   * share one address (one office NAT), and for the test worlds, where every browser and attacker is 127.0.0.1.
   */
  rateLimitScale: number;
}

export type Env = Record<string, string | undefined>;

const COMPONENT_KEYS = ['WECHAT_COMPONENT_APPID', 'WECHAT_COMPONENT_APPSECRET', 'WECHAT_COMPONENT_TOKEN', 'WECHAT_COMPONENT_AES_KEY'] as const;

/** True when no WeChat credentials are configured: `npm start` then runs the sandbox. */
export function isSandbox(env: Env): boolean {
  return COMPONENT_KEYS.every((k) => !env[k]);
}

export function loadSettings(env: Env): RelaySettings {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new SettingsError(name, 'is required but not set');
    return value;
  };
  const optional = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  const storage = loadStorageSettings(env);

  return {
    component: {
      appid: check.appid('WECHAT_COMPONENT_APPID', required('WECHAT_COMPONENT_APPID')),
      appsecret: check.appsecret('WECHAT_COMPONENT_APPSECRET', required('WECHAT_COMPONENT_APPSECRET')),
      token: check.messageToken('WECHAT_COMPONENT_TOKEN', required('WECHAT_COMPONENT_TOKEN')),
      encodingAesKey: check.encodingAesKey('WECHAT_COMPONENT_AES_KEY', required('WECHAT_COMPONENT_AES_KEY')),
    },
    wechatApiBase: check.baseUrl('WECHAT_API_BASE', optional('WECHAT_API_BASE', 'https://api.weixin.qq.com')),
    wechatMpBase: check.baseUrl('WECHAT_MP_BASE', optional('WECHAT_MP_BASE', 'https://mp.weixin.qq.com')),
    clockSkewSeconds: check.integer('WECHAT_CLOCK_SKEW_SECONDS', optional('WECHAT_CLOCK_SKEW_SECONDS', '300'), 0, 86_400),
    publicUrl: check.baseUrl('RELAY_PUBLIC_URL', optional('RELAY_PUBLIC_URL', 'http://localhost:7071')),
    storage,
    storageConnectionString: storage.kind === 'connection-string' ? storage.connectionString : '',
    secretKey: check.secretKey('RELAY_SECRET_KEY', required('RELAY_SECRET_KEY')),
    functionKey: env.RELAY_FUNCTION_KEY?.trim() ? check.functionKey('RELAY_FUNCTION_KEY', env.RELAY_FUNCTION_KEY.trim()) : undefined,
    port: check.integer('PORT', optional('PORT', '7071'), 1, 65_535),
    dataverseLoginBase: env.DATAVERSE_LOGIN_BASE?.trim() ? check.baseUrl('DATAVERSE_LOGIN_BASE', env.DATAVERSE_LOGIN_BASE.trim()) : undefined,
    allowedOrgOrigins: check.originList('DATAVERSE_ALLOWED_ORIGINS', env.DATAVERSE_ALLOWED_ORIGINS),
    trustedProxies: check.integer('RELAY_TRUSTED_PROXIES', optional('RELAY_TRUSTED_PROXIES', '0'), 0, 5),
    rateLimitScale: check.integer('RELAY_RATE_LIMIT_SCALE', optional('RELAY_RATE_LIMIT_SCALE', '1'), 1, 1000),
  };
}

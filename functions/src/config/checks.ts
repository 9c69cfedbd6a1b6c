/**
 * Validators for individual settings. Each returns the normalised value or throws SettingsError naming the
 * setting. Messages describe the expected shape, never the value (it may be a secret).
 */
import { parseOriginList } from '../dataverse/org-origin.js';
import { SettingsError } from './settings-error.js';

/** WeChat appids are `wx` + 16 hex characters (component and authorizer alike). */
export function appid(name: string, value: string): string {
  if (!/^wx[0-9a-f]{16}$/i.test(value)) throw new SettingsError(name, 'must be a WeChat appid: "wx" followed by 16 hex characters');
  return value;
}

export function appsecret(name: string, value: string): string {
  if (!/^[0-9A-Za-z]{16,64}$/.test(value)) throw new SettingsError(name, 'must be the platform AppSecret (16–64 letters and digits)');
  return value;
}

/** The platform's message-check token: 3–32 letters and digits, as WeChat's settings page enforces. */
export function messageToken(name: string, value: string): string {
  if (!/^[0-9A-Za-z]{3,32}$/.test(value)) throw new SettingsError(name, 'must be 3–32 letters and digits');
  return value;
}

/** EncodingAESKey: 43 base64 characters that decode (with a trailing '=') to exactly 32 bytes. */
export function encodingAesKey(name: string, value: string): string {
  if (!/^[0-9A-Za-z+/]{43}$/.test(value) || Buffer.from(`${value}=`, 'base64').length !== 32) {
    throw new SettingsError(name, 'must be the 43-character EncodingAESKey');
  }
  return value;
}

export function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(name, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(name, 'must be an absolute http(s) URL');
  if (url.search || url.hash) throw new SettingsError(name, 'must not carry a query or fragment');
  return value.replace(/\/+$/, '');
}

export function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new SettingsError(name, `must be a whole number between ${min} and ${max}`);
  const n = Number(value);
  if (n < min || n > max) throw new SettingsError(name, `must be a whole number between ${min} and ${max}`);
  return n;
}

export function secretKey(name: string, value: string): Buffer {
  const key = /^[0-9A-Za-z+/_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new SettingsError(name, 'must be 32 bytes encoded in base64 (e.g. `openssl rand -base64 32`)');
  return key;
}

export function connectionString(name: string, value: string): string {
  if (value !== 'UseDevelopmentStorage=true' && !/(^|;)\s*(AccountName|BlobEndpoint|QueueEndpoint|TableEndpoint)=/i.test(value)) {
    throw new SettingsError(name, 'must be an Azure Storage connection string');
  }
  return value;
}

export function functionKey(name: string, value: string): string {
  if (value.length < 16 || /\s/.test(value)) throw new SettingsError(name, 'must be at least 16 characters without spaces');
  return value;
}

/** Exact origins (`http://127.0.0.1:7072`), comma or space separated; empty when unset. */
export function originList(name: string, value: string | undefined): string[] {
  const parsed = parseOriginList(value);
  if (!Array.isArray(parsed)) throw new SettingsError(name, 'must list absolute origins such as http://127.0.0.1:7072, separated by commas');
  return parsed;
}

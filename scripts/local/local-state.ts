/**
 * What a local run keeps under .data/ (git-ignored): the generated relay secret key and function key, and
 * the sandbox's own component credentials, so restarts keep working with the same stored data.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** RELAY_DATA_DIR lets tests run a sandbox beside a developer's own. */
export const DATA_DIR = process.env.RELAY_DATA_DIR ?? join(import.meta.dirname, '../../.data');

export interface LocalSecrets {
  RELAY_SECRET_KEY: string;
  RELAY_FUNCTION_KEY: string;
  sandboxComponent: { appid: string; appsecret: string; token: string; encodingAesKey: string };
}

export function loadLocalSecrets(): LocalSecrets {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    RELAY_SECRET_KEY: randomBytes(32).toString('base64'),
    RELAY_FUNCTION_KEY: randomBytes(24).toString('base64url'),
    sandboxComponent: {
      appid: `wx${randomBytes(8).toString('hex')}`,
      appsecret: randomBytes(16).toString('hex'),
      token: `sandbox${randomBytes(6).toString('hex')}`,
      encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'A'),
    },
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

export function writeDataFile(name: string, value: unknown): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, name);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return file;
}

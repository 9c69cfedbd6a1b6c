/**
 * AES-256-GCM SecretBox: how secrets (authorizer refresh tokens, cached access tokens, client secrets) are
 * stored at rest. Key = RELAY_SECRET_KEY, 32 bytes in base64.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. A fresh random 12-byte IV per seal (NIST SP 800-38D
 * §8.2.2: never reuse an IV with the same key); the version string is authenticated as AAD so a future format
 * cannot be confused with this one.
 * Docs: https://nodejs.org/api/crypto.html#class-cipher (createCipheriv with 'aes-256-gcm')
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../relay/ports/storage.js';
import { SecretBoxError } from './errors.js';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from(VERSION, 'utf8');

/** Decodes RELAY_SECRET_KEY (standard base64 or base64url) and checks it is exactly 32 bytes. */
export function decodeSecretKey(base64Key: string): Buffer {
  const trimmed = base64Key.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new SecretBoxError('invalid-secret-key', 'secret key is not base64');
  }
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError('invalid-secret-key', `secret key must decode to ${KEY_BYTES} bytes (got ${key.length})`);
  }
  return key;
}

/** A new random key in the format RELAY_SECRET_KEY expects (for local runs and tests). */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export class AesGcmSecretBox implements SecretBox {
  readonly #key: Buffer;

  constructor(base64Key: string) {
    this.#key = decodeSecretKey(base64Key);
  }

  seal(plaintext: string): string {
    if (typeof plaintext !== 'string') {
      throw new SecretBoxError('invalid-value', 'only strings can be sealed');
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(AAD);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, b64url(iv), b64url(tag), b64url(ciphertext)].join('.');
  }

  open(sealed: string): string {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError('sealed-value-malformed', `sealed value is not in the ${VERSION} format`);
    }
    const [, ivPart, tagPart, dataPart] = parts as [string, string, string, string];
    const iv = fromB64url(ivPart);
    const tag = fromB64url(tagPart);
    const data = fromB64url(dataPart);
    if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !data) {
      throw new SecretBoxError('sealed-value-malformed', 'sealed value has a malformed IV, tag or ciphertext');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      // GCM failure says nothing useful beyond "not authentic"; the cause would only echo internals.
      throw new SecretBoxError('sealed-value-tampered', 'sealed value failed authentication (tampered, or sealed with another key)');
    }
  }
}

/** Factory used by the composition root: `createSecretBox(process.env.RELAY_SECRET_KEY)`. */
export function createSecretBox(base64Key: string | undefined): SecretBox {
  if (!base64Key) {
    throw new SecretBoxError('invalid-secret-key', 'secret key is not set (RELAY_SECRET_KEY)');
  }
  return new AesGcmSecretBox(base64Key);
}

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function fromB64url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url');
}

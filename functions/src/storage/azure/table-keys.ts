/**
 * Safe PartitionKey/RowKey (and blob name) values from arbitrary strings.
 * Table keys may not contain / \ # ? or control characters (U+0000–U+001F, U+007F–U+009F) and are limited to
 * 1 KiB: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields
 *
 * Encoding: characters in [A-Za-z0-9 . _ ~ : @ = + , ; -] stay as they are (keys stay readable, e.g.
 * `component:wx123`); every other UTF-8 byte becomes `!XX` (upper-case hex), `!` included, so the mapping is
 * injective. Percent signs are avoided on purpose: some SDKs double-decode `%` in key URLs.
 * Keys whose encoding would exceed 400 characters become `!h` + SHA-256 (base64url); `!h` never appears in
 * the escaped form, since `!` is always followed by two hex digits there.
 */
import { createHash } from 'node:crypto';
import { requireKey } from '../validate.js';

const SAFE = /[A-Za-z0-9._~:@=+,;-]/;
const MAX_ENCODED = 400;

export function encodeTableKey(raw: string): string {
  requireKey('storage key', raw);
  let out = '';
  for (const char of raw) {
    if (SAFE.test(char)) {
      out += char;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) out += '!' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    if (out.length > MAX_ENCODED) return hashed(raw);
  }
  return out;
}

/** Inverse of the escaped form (not of the hashed one, which is one-way). */
export function decodeTableKey(encoded: string): string | undefined {
  if (encoded.startsWith('!h')) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '!') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function hashed(raw: string): string {
  return '!h' + createHash('sha256').update(raw, 'utf8').digest('base64url');
}

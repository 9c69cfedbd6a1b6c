/**
 * WeChat's signature: hex(SHA1(concat(sort(parts)))). Plain `signature` sorts [token, timestamp, nonce];
 * `msg_signature` adds the Encrypt field. JS's default sort (UTF-16 code units) is the byte order the SDKs use
 * for these ASCII values.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sortedSha1(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/**
 * Constant-time equality for signatures. A length mismatch (which leaks nothing secret: every signature is 40
 * hex characters) still runs a comparison so the timing of the two paths stays alike.
 */
export function safeEqual(received: unknown, expected: string): boolean {
  const want = Buffer.from(expected, 'utf8');
  if (typeof received !== 'string') {
    timingSafeEqual(want, want);
    return false;
  }
  const got = Buffer.from(received, 'utf8');
  if (got.length !== want.length) {
    timingSafeEqual(want, want);
    return false;
  }
  return timingSafeEqual(got, want);
}

/**
 * Name-based UUIDs (RFC 4122 version 5: SHA-1 of a namespace and a name), so every form, view,
 * role and web resource gets the same GUID on every pack, and different names never collide.
 * https://www.rfc-editor.org/rfc/rfc4122#section-4.3
 */
import { createHash } from 'node:crypto';

/** Namespace of all Wechat Marketing component ids (itself a fixed random UUID). */
export const WECHAT_MARKETING_NAMESPACE = '5d3c6a8e-2f41-4b7e-9c0a-6f1e2d7b8a94';

function toBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

export function uuidV5(name: string, namespace: string = WECHAT_MARKETING_NAMESPACE): string {
  const hash = createHash('sha1').update(toBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `{xxxxxxxx-…}` as exports write GUIDs. */
export function guid(kind: string, name: string): string {
  return `{${uuidV5(`${kind}:${name}`)}}`;
}

/**
 * A UTF-8 text kept byte for byte in a table entity: gzip-compressed and split over Edm.Binary properties of at
 * most 60,000 bytes (the service's limit is 64 KiB per property and 1 MiB per entity).
 *
 * Why binary and not string properties: a string property travels as UTF-8 JSON, and Azurite (3.35) decodes a
 * request body one socket chunk (~64 KiB) at a time, so a character whose bytes straddle a chunk boundary turns
 * into U+FFFD; slicing a string by UTF-16 units can also cut an emoji's surrogate pair in two. Binary travels as
 * base64 (ASCII) and is sliced by bytes of a whole compressed stream, so neither can happen.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { StorageError } from '../errors.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const BINARY_PART_BYTES = 60_000;
/** 10 × 60,000 bytes, base64'd, stays under the 1 MiB an entity (and Azurite's request body check) allows. */
export const MAX_BINARY_PARTS = 10;
export const GZIP_CODEC = 'gzip';

/** The entity properties `codec`, `parts` and `<prefix>0..n-1` holding `text`. */
export async function packText(text: string, prefix: string): Promise<Record<string, unknown>> {
  const packed = await gzipAsync(Buffer.from(text, 'utf8'));
  const parts = Math.ceil(packed.length / BINARY_PART_BYTES);
  if (parts > MAX_BINARY_PARTS) throw new StorageError('invalid-value', `${prefix} is too large to store (${packed.length} bytes compressed)`);
  const properties: Record<string, unknown> = { codec: GZIP_CODEC, parts };
  for (let i = 0; i < parts; i++) {
    // A Uint8Array is what the SDK serialises as Edm.Binary (base64 on the wire).
    properties[`${prefix}${i}`] = new Uint8Array(packed.subarray(i * BINARY_PART_BYTES, (i + 1) * BINARY_PART_BYTES));
  }
  return properties;
}

/** The text `packText` stored, or undefined when the entity was not written by it. */
export async function unpackText(entity: Record<string, unknown>, prefix: string): Promise<string | undefined> {
  if (entity['codec'] !== GZIP_CODEC) return undefined;
  const parts = Number(entity['parts']);
  if (!Number.isInteger(parts) || parts < 1 || parts > MAX_BINARY_PARTS) throw new StorageError('invalid-value', `${prefix}: bad part count`);
  const buffers: Buffer[] = [];
  for (let i = 0; i < parts; i++) buffers.push(Buffer.from(bytesOf(entity[`${prefix}${i}`], prefix)));
  try {
    return (await gunzipAsync(Buffer.concat(buffers))).toString('utf8');
  } catch (err) {
    throw new StorageError('invalid-value', `${prefix} could not be decompressed`, { cause: err });
  }
}

/** The SDK hands Edm.Binary back as a Uint8Array (or a base64 string when type conversion is off). */
function bytesOf(value: unknown, prefix: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && value !== null && 'value' in value) return bytesOf((value as { value: unknown }).value, prefix);
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  throw new StorageError('invalid-value', `${prefix}: a part is missing`);
}

/**
 * Epoch milliseconds in table entities. A bare JSON integer is inferred as Edm.Int32 by the service and epoch ms
 * do not fit, so they are written as Edm.Double (exact for integers below 2^53).
 * Docs: https://learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations#property-types-in-a-json-feed
 */

export interface EdmDouble {
  value: number;
  type: 'Double';
}

export function edmDouble(value: number): EdmDouble {
  return { value, type: 'Double' };
}

/** Reads a numeric property whatever EDM type it came back as. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'object' && value !== null && 'value' in value) return readNumber((value as { value: unknown }).value);
  return undefined;
}

/**
 * What the conversation needs from the platform, as plain interfaces: the adapter (index.ts) passes
 * context.webAPI, the window's timers and clock. Nothing here knows about PCF's context.
 */

/** The subset of PCF's context.webAPI the conversation uses (https://learn.microsoft.com/power-apps/developer/component-framework/reference/webapi). */
export interface WebApiPort {
  retrieveMultipleRecords(entityType: string, options?: string, maxPageSize?: number): Promise<{ entities: Record<string, unknown>[]; nextLink?: string }>;
  retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
  createRecord(entityType: string, data: Record<string, unknown>): Promise<{ id: string }>;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface StoreDeps {
  webApi: WebApiPort;
  timers: Timers;
  /** Epoch ms. */
  clock: () => number;
  /** A random UUID for the outbound message id (`out:<uuid>`). */
  newUuid: () => string;
}

/** Errors from context.webAPI are objects with a message (and a code), not always Error instances. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

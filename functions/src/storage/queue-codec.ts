/**
 * How queue messages look on the wire: JSON, then base64 of the UTF-8 bytes. That is the Functions host's
 * default `messageEncoding` (host.json `extensions.queues.messageEncoding: "base64"`), so a real
 * `app.storageQueue` trigger can read what StorageQueue writes.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 * Limit: https://learn.microsoft.com/rest/api/storageservices/put-message (64 KiB message text)
 */
import { MAX_QUEUE_MESSAGE_CHARS } from '../kernel/limits.js';
import { StorageError } from './errors.js';

/** JSON + base64, refusing values JSON cannot represent and messages over the 64 KiB limit. */
export function encodeQueueMessage(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new StorageError('invalid-value', 'queue message must be JSON-serialisable (got undefined or a function)');
  }
  return encodeQueueText(json);
}

/** Base64 of a string as-is (what the host does with a string output value). */
export function encodeQueueText(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  if (encoded.length > MAX_QUEUE_MESSAGE_CHARS) {
    throw new StorageError('message-too-large', `queue message is ${encoded.length} characters after base64; the limit is ${MAX_QUEUE_MESSAGE_CHARS}`);
  }
  return encoded;
}

/** Strict base64 → UTF-8 text. Throws a StorageError on text that is not base64 (the host fails those too). */
export function decodeQueueText(messageText: string): string {
  const compact = messageText.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new StorageError('invalid-value', 'queue message text is not base64');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** What a queue trigger hands the handler: parsed JSON when the text is JSON, else the text. */
export function parseQueuePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

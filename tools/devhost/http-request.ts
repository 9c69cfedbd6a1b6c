/**
 * The HttpRequest handlers get. Built with its body, `@azure/functions` puts the bytes into a fetch Request
 * whose body is a web stream, and reading it back (`arrayBuffer()`, `text()`, `json()`) costs several hundred
 * microseconds per request under load. Here the HttpRequest is built without a body and the body readers are
 * answered from the bytes the server already holds, with the fetch semantics handlers rely on: one read only
 * ("Body is unusable"), `bodyUsed`, `body` as a stream, `blob()` typed by content-type; `formData()` and
 * `clone()` fall back to a fetch Request with the same bytes. http-request.test.ts holds it to the library's own.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4#http-request
 */
import { HttpRequest } from './azure-functions.js';

export interface RequestParts {
  method: string;
  url: string;
  headers: Record<string, string>;
  params: Record<string, string>;
}

export function createHttpRequest(parts: RequestParts, bytes: Buffer | undefined): HttpRequest {
  const request = new HttpRequest(parts);
  if (bytes === undefined) return request;
  let used = false;
  const take = (): Buffer => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return bytes;
  };
  let stream: ReadableStream<Uint8Array> | undefined;
  const full = () => new HttpRequest({ ...parts, body: { bytes: take() } });
  Object.defineProperties(request, {
    bodyUsed: { get: () => used },
    body: { get: () => (stream ??= new ReadableStream({ pull: (c) => (c.enqueue(new Uint8Array(take())), c.close()) })) },
    arrayBuffer: { value: async () => toArrayBuffer(take()) },
    text: { value: async () => take().toString('utf8') },
    json: { value: async () => JSON.parse(take().toString('utf8')) as unknown },
    blob: { value: async () => new Blob([take()], { type: parts.headers['content-type'] ?? '' }) },
    formData: { value: () => full().formData() },
    clone: { value: () => createHttpRequest(parts, Buffer.from(bytes)) },
  });
  return request;
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * The HttpRequest handlers get. Built with its body, `@azure/functions` puts the bytes into a fetch Request
 * whose body is a web stream, and reading it back (`arrayBuffer()`, `text()`, `json()`) costs several hundred
 * microseconds per request under load. Here the body readers are answered from the bytes the server already
 * holds, with the fetch semantics handlers rely on: one read only ("Body is unusable"), `bodyUsed`, `body` as a
 * stream, `blob()` typed by content-type; `formData()` and `clone()` fall back to a fetch Request with the same
 * bytes. http-request.test.ts holds it to the library's own.
 *
 * Per request nothing else is built that a handler does not read: the library's constructor takes its url,
 * method and headers from `init.nativeRequest` when one is given (the path its own worker uses for a streamed
 * request), so a plain object stands in for the fetch Request and `Headers` are made on first read. The body
 * readers live on a subclass's prototype, not defined per instance.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4#http-request
 */
import { HttpRequest } from './azure-functions.js';

export interface RequestParts {
  method: string;
  url: string;
  headers: Record<string, string>;
  params: Record<string, string>;
}

type Init = ConstructorParameters<typeof HttpRequest>[0];
/** The library's class, untyped: its declarations make the body readers properties, which a subclass may not override. */
const LibraryRequest = HttpRequest as unknown as new (init: Init) => object;

/** What the library's HttpRequest reads from its native request: url, method, headers (made when first read). */
class NativeParts {
  #headers: Headers | undefined;
  constructor(readonly parts: RequestParts) {}
  get url(): string {
    return this.parts.url;
  }
  get method(): string {
    return this.parts.method;
  }
  get headers(): Headers {
    return (this.#headers ??= new Headers(this.parts.headers));
  }
}

class BufferedHttpRequest extends LibraryRequest {
  readonly #parts: RequestParts;
  readonly #bytes: Buffer;
  #used = false;
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(parts: RequestParts, bytes: Buffer) {
    super({ ...parts, nativeRequest: new NativeParts(parts) } as unknown as Init);
    this.#parts = parts;
    this.#bytes = bytes;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }
  get body(): ReadableStream<Uint8Array> {
    return (this.#stream ??= new ReadableStream({ pull: (c) => (c.enqueue(new Uint8Array(this.#take())), c.close()) }));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return toArrayBuffer(this.#take());
  }
  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.#take().toString('utf8')) as unknown;
  }
  async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.#parts.headers['content-type'] ?? '' });
  }
  formData(): Promise<FormData> {
    return new HttpRequest({ ...this.#parts, body: { bytes: this.#take() } }).formData();
  }
  clone(): HttpRequest {
    return new BufferedHttpRequest(this.#parts, Buffer.from(this.#bytes)) as unknown as HttpRequest;
  }
}

export function createHttpRequest(parts: RequestParts, bytes: Buffer | undefined): HttpRequest {
  return bytes === undefined ? new HttpRequest(parts) : (new BufferedHttpRequest(parts, bytes) as unknown as HttpRequest);
}

/** The bytes as an ArrayBuffer: the buffer itself when it holds exactly them (the server's own copy), else a copy. */
function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer as ArrayBuffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * Put Message as one plain HTTP request, for StorageQueue.enqueue. Why not the SDK's `QueueClient.sendMessage`:
 * it is the one storage write on a callback's answer path (a group commit's queue message), and through the
 * SDK's pipeline (compat layer, tracing spans, policies, XML serialization of the request and parsing of the
 * response) it costs 0.5–0.8 ms of CPU per call, three times the request itself (0.24 ms measured against
 * Azurite on the same machine). Everything else (creating queues, reading them, the triggers) stays on the SDK.
 *
 * Same request as the SDK sends: `POST {queue url}/messages[?visibilitytimeout=N]` with the message text in a
 * `<QueueMessage>` body, authorized with the SDK's own credential objects: a shared key (the string-to-sign of
 * the Queue service, signed by StorageSharedKeyCredential itself), a SAS already in the queue's URL, or a
 * Microsoft Entra token (`https://storage.azure.com/.default`, cached until 5 minutes before it expires).
 * The caller's deadline covers every try; a request on a reused keep-alive socket that the server had closed
 * (ECONNRESET, EPIPE) and a 500/503 are tried once more, as the SDK's two tries do. Only the service's error
 * code and status leave this file, never the request's headers (they carry the signature).
 * Docs: https://learn.microsoft.com/rest/api/storageservices/put-message
 *       https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
 *       https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory
 *       https://nodejs.org/api/http.html#requestreusedsocket
 */
import http from 'node:http';
import https from 'node:https';
import type { TokenCredential } from '@azure/identity';
import { StorageSharedKeyCredential, type QueueClient } from '@azure/storage-queue';
import { storageRequestCounts } from './request-policies.js';

/** The service version of these requests (one that supports every authorization used here). */
export const PUT_MESSAGE_VERSION = '2021-12-02';
const STORAGE_SCOPE = 'https://storage.azure.com/.default';
const TOKEN_EARLY_MS = 5 * 60_000;
const RETRY_DELAY_MS = 100;

/** A refusal of the Queue service (status and its x-ms-error-code), or a request that never got an answer. */
export class PutMessageError extends Error {
  override readonly name = 'PutMessageError';
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Authorize = (method: string, url: URL, headers: Record<string, string>) => Promise<void> | void;

export interface PutMessage {
  (text: string, options: { visibilityTimeoutSeconds?: number; signal: AbortSignal }): Promise<void>;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** How the queue's requests are authorized: its account's shared key, or an Entra credential (identity). */
export type PutMessageAuth = StorageSharedKeyCredential | TokenCredential;

/**
 * A Put Message for this queue client's queue, or undefined when there is nothing to authorize it with (the
 * caller then keeps the SDK's call). Without `auth`, a SAS in the client's URL authorizes the request itself.
 */
export function putMessageFor(client: QueueClient, auth?: PutMessageAuth): PutMessage | undefined {
  const base = new URL(client.url);
  const authorize =
    auth instanceof StorageSharedKeyCredential ? sharedKey(auth) : auth ? bearer(auth) : base.searchParams.has('sig') ? () => undefined : undefined;
  if (!authorize) return undefined;
  const messages = new URL(base);
  messages.pathname = `${base.pathname.replace(/\/$/, '')}/messages`;
  return (text, options) => put(messages, authorize, text, options);
}

async function put(messagesUrl: URL, authorize: Authorize, text: string, options: { visibilityTimeoutSeconds?: number; signal: AbortSignal }): Promise<void> {
  const url = new URL(messagesUrl);
  if (options.visibilityTimeoutSeconds) url.searchParams.set('visibilitytimeout', String(options.visibilityTimeoutSeconds));
  const body = `<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>${escapeXml(text)}</MessageText></QueueMessage>`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(url, authorize, body, options.signal);
    } catch (err) {
      if (attempt >= 2 || options.signal.aborted || !retriable(err)) throw err;
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
  }
}

async function send(url: URL, authorize: Authorize, body: string, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/xml; charset=utf-8',
    'content-length': String(Buffer.byteLength(body, 'utf8')),
    'x-ms-date': new Date().toUTCString(),
    'x-ms-version': PUT_MESSAGE_VERSION,
  };
  await authorize('POST', url, headers);
  storageRequestCounts.queue++;
  const secure = url.protocol === 'https:';
  const request = (secure ? https : http).request;
  await new Promise<void>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: secure ? agents.https : agents.http, signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 201) {
        res.resume(); // the message id and pop receipt are not needed
        res.on('end', resolve);
        res.on('error', reject);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
      res.on('end', () => {
        const code = header(res.headers['x-ms-error-code']) ?? /<Code>([^<]{1,100})<\/Code>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        reject(new PutMessageError(`Put Message answered ${status}${code ? ` ${code}` : ''}`, status, code));
      });
      res.on('error', reject);
    });
    req.on('error', (err) => reject(req.reusedSocket && isReset(err) ? new StaleSocket(err) : err));
    req.end(body);
  });
}

/**
 * The server closed a kept-alive socket just as it was reused. Tried again, as the SDK's retry policy does: at
 * worst the message is queued twice, and every consumer of the relay's queues absorbs a copy.
 */
class StaleSocket extends Error {
  constructor(cause: unknown) {
    super('the kept-alive connection was closed by the server', { cause });
  }
}

function retriable(err: unknown): boolean {
  if (err instanceof StaleSocket) return true;
  return err instanceof PutMessageError && (err.statusCode === 500 || err.statusCode === 503);
}

function isReset(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Shared Key for the Queue service: VERB, the eleven standard headers (Content-Length empty when 0), the
 * x-ms-* headers sorted, then `/account/path` and each query parameter as `\nname:value`, sorted.
 */
function sharedKey(credential: StorageSharedKeyCredential): Authorize {
  return (method, url, headers) => {
    const length = headers['content-length'] === '0' ? '' : (headers['content-length'] ?? '');
    const standard = ['', '', length, '', headers['content-type'] ?? '', '', '', '', '', '', ''];
    const msHeaders = Object.keys(headers)
      .filter((h) => h.startsWith('x-ms-'))
      .sort()
      .map((h) => `${h}:${headers[h]!.trim()}\n`)
      .join('');
    const params = [...url.searchParams.keys()].map((k) => k.toLowerCase()).sort();
    const query = params.map((k) => `\n${k}:${url.searchParams.getAll(k).sort().join(',')}`).join('');
    const resource = `/${credential.accountName}${url.pathname}${query}`;
    const signature = credential.computeHMACSHA256(`${method}\n${standard.join('\n')}\n${msHeaders}${resource}`);
    headers.authorization = `SharedKey ${credential.accountName}:${signature}`;
  };
}

function bearer(credential: TokenCredential): Authorize {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const token = async (): Promise<string> => {
    if (cached && Date.now() < cached.expiresAt - TOKEN_EARLY_MS) return cached.token;
    pending ??= Promise.resolve(credential.getToken(STORAGE_SCOPE))
      .then((t) => {
        if (!t) throw new PutMessageError('no Microsoft Entra token for Azure Storage', undefined, undefined);
        cached = { token: t.token, expiresAt: t.expiresOnTimestamp };
        return t.token;
      })
      .finally(() => (pending = undefined));
    return pending;
  };
  return async (_method, _url, headers) => {
    headers.authorization = `Bearer ${await token()}`;
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function escapeXml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

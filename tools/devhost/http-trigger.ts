/**
 * HTTP triggers on a node:http server: `/<routePrefix>/<route>` matched against each function's route and
 * methods (404 otherwise); `authLevel: function` needs the key in `x-functions-key` or `?code=` (401 otherwise);
 * the handler gets a real HttpRequest, and a failing one becomes a 500 naming only the invocation id. A request
 * target or Host header that makes no URL is 400 before any function runs (the host's Kestrel does the same).
 * Nothing here logs on a request that succeeds, and everything per function is worked out at start.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#api-key-authorization
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpRequest } from './http-request.js';
import { writeResponse } from './http-response.js';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { describeError } from './log.js';
import type { HttpFunction } from './registrations.js';
import { pathSegments } from './route-template.js';

/** The host's default request size limit (100 MB). */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

export interface HttpDispatcherOptions {
  functions: HttpFunction[];
  routePrefix: string;
  functionKey: string;
  deps: InvokeDeps;
}

export function createHttpDispatcher(options: HttpDispatcherOptions) {
  const { functions, deps } = options;
  const prefix = (pathSegments(options.routePrefix) ?? []).map((p) => p.toLowerCase());
  const keyDigest = digest(options.functionKey);

  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (!url) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
    const segments = pathSegments(url.pathname);
    if (!segments || prefix.some((p, i) => segments[i]?.toLowerCase() !== p)) return void res.writeHead(404).end();
    const method = req.method ?? 'GET';
    const rest = prefix.length === 0 ? segments : segments.slice(prefix.length);
    let fn: HttpFunction | undefined;
    let params: Record<string, string> | undefined;
    for (const candidate of functions) {
      if (candidate.methods && !candidate.methods.has(method)) continue;
      params = candidate.route.match(rest);
      if (params) {
        fn = candidate;
        break;
      }
    }
    if (!fn || !params) return void res.writeHead(404).end();
    if (fn.needsKey) {
      const given = header(req, 'x-functions-key') ?? url.searchParams.get('code') ?? '';
      if (!timingSafeEqual(digest(given), keyDigest)) return void res.writeHead(401).end();
    }
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    if (body === 'too-large') return void res.writeHead(413).end();

    const request = createHttpRequest({ method, url: url.href, headers: headersOf(req), params }, body);
    try {
      await writeResponse(res, method, await invoke(fn, request, deps));
    } catch (err) {
      const invocationId = err instanceof InvocationFailed ? err.invocationId : 'unknown';
      const cause = err instanceof InvocationFailed ? err.cause : err;
      deps.log('error', `${fn.registration.name} failed (${invocationId}): ${describeError(cause)}`);
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Internal Server Error', invocationId }));
    }
  };
}

/**
 * The absolute URL of the request, or undefined when the target or Host header cannot make one (e.g.
 * autocannon's `Host: undefined:undefined`). An origin-form target is appended to the Host as it is, so
 * `//x/y` stays a path on this host instead of naming host `x`.
 */
function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '';
  const absolute = target.startsWith('/') ? `http://${req.headers.host ?? 'localhost'}${target}` : target;
  try {
    const url = new URL(absolute);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lower-cased names, repeated headers joined with ", " (as fetch's Headers does), and, as App Service's front
 * end does, the connection's address appended to X-Forwarded-For (`ip:port`, IPv6 in brackets): handlers
 * never see the socket, in Azure or here.
 */
function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  const { remoteAddress, remotePort } = req.socket;
  if (remoteAddress) {
    const peer = remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
    const existing = out['x-forwarded-for'];
    out['x-forwarded-for'] = existing ? `${existing}, ${peer}` : peer;
  }
  return out;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body's bytes (events rather than an async iterator: this runs on every POST). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * HTTP triggers on a node:http server: `/<routePrefix>/<route>` matched against every function's route template
 * and methods; `authLevel` function/admin requires the key in `x-functions-key` or `?code=` (401 otherwise);
 * the handler gets a real HttpRequest and its HttpResponse (or init object) is written back. A failing handler
 * becomes a 500 naming only the invocation id.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#api-key-authorization
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRequest } from './azure-functions.js';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { describeError } from './log.js';
import { compileRoute, pathSegments, type CompiledRoute } from './route-template.js';
import { stringOption, triggerOf, type FunctionRegistration } from './registrations.js';
import { writeResponse } from './http-response.js';

/** The host's default request size limit (100 MB). */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

interface HttpRoute {
  registration: FunctionRegistration;
  route: CompiledRoute;
  methods: Set<string> | undefined;
  needsKey: boolean;
}

export interface HttpDispatcherOptions {
  functions: FunctionRegistration[];
  routePrefix: string;
  functionKey: string;
  deps: InvokeDeps;
}

export function httpRoutes(functions: FunctionRegistration[]): HttpRoute[] {
  return functions
    .map((registration) => {
      const { binding } = triggerOf(registration);
      const methods = Array.isArray(binding['methods']) ? (binding['methods'] as string[]) : undefined;
      const authLevel = (stringOption(binding, 'authLevel') ?? 'function').toLowerCase();
      return {
        registration,
        route: compileRoute(stringOption(binding, 'route') ?? registration.name),
        methods: methods ? new Set(methods.map((m) => m.toUpperCase())) : undefined,
        needsKey: authLevel !== 'anonymous',
      };
    })
    .sort((a, b) => b.route.specificity - a.route.specificity);
}

export function createHttpDispatcher(options: HttpDispatcherOptions) {
  const routes = httpRoutes(options.functions);
  const prefix = pathSegments(options.routePrefix) ?? [];
  const keyDigest = digest(options.functionKey);

  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    // The host answers a request whose target or Host header is no URL with 400, before any function runs.
    if (!url) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
    const segments = pathSegments(url.pathname);
    if (!segments || prefix.some((p, i) => segments[i]?.toLowerCase() !== p.toLowerCase())) {
      return void res.writeHead(404).end();
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const rest = segments.slice(prefix.length);
    let found: { route: HttpRoute; params: Record<string, string> } | undefined;
    for (const route of routes) {
      const params = route.route.match(rest);
      if (params && (!route.methods || route.methods.has(method))) {
        found = { route, params };
        break;
      }
    }
    if (!found) return void res.writeHead(404).end();

    if (found.route.needsKey) {
      const given = headerValue(req, 'x-functions-key') ?? url.searchParams.get('code') ?? '';
      if (!timingSafeEqual(digest(given), keyDigest)) return void res.writeHead(401).end();
    }

    const body = await readBody(req);
    if (body === 'too-large') return void res.writeHead(413).end();

    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: forwardedFor(headerRecord(req), req),
      params: found.params,
      body: { bytes: body },
    });
    try {
      const { result } = await invoke(found.route.registration, request, options.deps);
      await writeResponse(res, method, result);
    } catch (err) {
      const invocationId = err instanceof InvocationFailed ? err.invocationId : 'unknown';
      const cause = err instanceof InvocationFailed ? err.cause : err;
      options.deps.log('error', `${found.route.registration.name} failed (${invocationId}): ${describeError(cause)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'Internal Server Error', invocationId }));
      } else {
        res.destroy();
      }
    }
  };
}

function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return undefined;
  }
}

/**
 * As App Service's front end does, the address the connection came from is appended to X-Forwarded-For
 * (`ip:port`, IPv6 in brackets): handlers never see the socket, in Azure or here.
 */
function forwardedFor(headers: Record<string, string>, req: IncomingMessage): Record<string, string> {
  const { remoteAddress, remotePort } = req.socket;
  if (!remoteAddress) return headers;
  const peer = remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
  const existing = headers['x-forwarded-for'];
  return { ...headers, 'x-forwarded-for': existing ? `${existing}, ${peer}` : peer };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Lower-cased names; repeated headers joined with ", " as fetch's Headers does. */
function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

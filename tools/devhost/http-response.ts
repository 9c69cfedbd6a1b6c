/**
 * Writes a handler's result the way the host does: an HttpResponse, or an init object (`status`, `headers`,
 * `body`, `jsonBody`, `cookies`); HEAD gets no body, 204/205/304 never have one. Init objects with a string,
 * bytes or JSON body and plain-object headers (what the relay returns) are written directly, producing what
 * `new HttpResponse(init)` would (its default content types included) without building a fetch Response per
 * request; any other result goes through HttpResponse. A handler returning nothing gets 204 (a devhost choice).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4#http-response
 */
import type { ServerResponse } from 'node:http';
import type { Cookie, HttpResponseInit } from '@azure/functions';
import { HttpResponse } from './azure-functions.js';

const NO_BODY = new Set([204, 205, 304]);

export async function writeResponse(res: ServerResponse, method: string, result: unknown): Promise<void> {
  if (result === undefined || result === null) return void res.writeHead(204).end();
  if (typeof result !== 'object') throw new TypeError('an HTTP handler must return an HttpResponse or an object like { status, headers, body }');
  const init = result as HttpResponseInit;
  const direct = result instanceof HttpResponse ? undefined : directBody(init);
  if (direct)
    return send(res, method, init.status ?? 200, plainHeaders(init.headers as Record<string, string> | undefined, direct.type), init.cookies, direct.body);
  const response = result instanceof HttpResponse ? result : new HttpResponse(init);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value;
  const setCookie = response.headers.getSetCookie();
  if (setCookie.length > 0) headers['set-cookie'] = setCookie;
  send(res, method, response.status, headers, response.cookies, Buffer.from(await response.arrayBuffer()));
}

/** The body and default content type of an init object the fast path can write; undefined for any other. */
function directBody(init: HttpResponseInit): { body: Buffer | string; type: string | undefined } | undefined {
  if (init.headers !== undefined && Object.getPrototypeOf(init.headers) !== Object.prototype) return undefined;
  if (init.status !== undefined && NO_BODY.has(init.status)) return { body: '', type: undefined };
  if (init.jsonBody !== undefined) return { body: JSON.stringify(init.jsonBody), type: 'application/json' };
  const body = init.body as unknown;
  if (body === undefined || body === null) return { body: '', type: undefined };
  if (typeof body === 'string') return { body, type: 'text/plain;charset=UTF-8' };
  if (body instanceof Uint8Array) return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), type: undefined };
  return undefined;
}

function plainHeaders(given: Record<string, string> | undefined, defaultType: string | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name in given) headers[name.toLowerCase()] = String(given[name]).trim();
  if (defaultType && headers['content-type'] === undefined) headers['content-type'] = defaultType;
  return headers;
}

function send(
  res: ServerResponse,
  method: string,
  status: number,
  headers: Record<string, string | string[]>,
  cookies: Cookie[] | undefined,
  body: Buffer | string,
): void {
  if (cookies && cookies.length > 0) {
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing === undefined ? [] : ([] as string[]).concat(existing)), ...cookies.map(serializeCookie)];
  }
  const empty = NO_BODY.has(status);
  if (!empty) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(empty || method === 'HEAD' ? undefined : body);
}

function serializeCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}

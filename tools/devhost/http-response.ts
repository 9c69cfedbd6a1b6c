/**
 * Writes a handler's result to the node:http response the way the host does: an HttpResponse or an init object
 * (`status`, `headers`, `body`, `jsonBody`, `cookies`) wrapped in HttpResponse; HEAD gets no body. A handler
 * that returns nothing gets 204 No Content (a devhost choice; relay handlers always return a response).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4#http-response
 */
import type { ServerResponse } from 'node:http';
import type { Cookie } from '@azure/functions';
import { HttpResponse } from './azure-functions.js';

export async function writeResponse(res: ServerResponse, method: string, result: unknown): Promise<void> {
  if (result === undefined || result === null) {
    res.writeHead(204).end();
    return;
  }
  if (typeof result !== 'object') {
    throw new TypeError('an HTTP handler must return an HttpResponse or an object like { status, headers, body }');
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result as ConstructorParameters<typeof HttpResponse>[0]);
  const body = Buffer.from(await response.arrayBuffer());
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.push([name, value]);
  const cookies = [...response.headers.getSetCookie(), ...response.cookies.map(serializeCookie)];
  for (const cookie of cookies) headers.push(['set-cookie', cookie]);
  res.writeHead(response.status, headers.flat());
  res.end(method === 'HEAD' ? undefined : body);
}

function serializeCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) {
    parts.push(`Expires=${(cookie.expires instanceof Date ? cookie.expires : new Date(cookie.expires)).toUTCString()}`);
  }
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}

/** Small helpers over node:http: bounded body reading and the few response shapes the simulator writes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimInputError } from '../errors.js';

/** WeChat accepts media uploads up to 10 MB; anything larger is not a plausible request. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new SimInputError(`request body larger than ${limit} bytes`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // WeChat's own (odd) content type for API answers.
  res.writeHead(status, { 'content-type': 'application/json; encoding=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function sendBytes(res: ServerResponse, bytes: Buffer, contentType: string, filename?: string): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': bytes.length };
  if (filename) headers['content-disposition'] = `attachment; filename="${filename}"`;
  res.writeHead(200, headers);
  res.end(bytes);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

/** Parses a JSON control-API body into an object, or fails with a clear 400. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SimInputError('body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimInputError('body must be a JSON object');
  return value as Record<string, unknown>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

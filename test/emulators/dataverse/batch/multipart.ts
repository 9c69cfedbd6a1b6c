/**
 * multipart/mixed for $batch: parsing the request (batch → change sets → application/http parts) and writing the
 * response with `batchresponse_` / `changesetresponse_` boundaries, which dynamics-web-api looks for.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 * OData 4.0 §11.7: http://docs.oasis-open.org/odata/odata/v4.0/errata03/os/complete/part1-protocol/odata-v4.0-errata03-os-part1-protocol-complete.html#_Toc453752313
 */
import { badRequest } from '../errors.js';

export interface HttpPart {
  contentId?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export type BatchItem = { kind: 'request'; part: HttpPart } | { kind: 'changeset'; parts: HttpPart[] };

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}

function splitHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** Splits a multipart body into its parts (text between delimiter lines; the CRLF before a delimiter belongs to it). */
function splitParts(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const pieces = text.split(new RegExp(`(?:\\r?\\n)?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const closeIndex = pieces.findIndex((p, i) => i > 0 && p.startsWith('--'));
  if (closeIndex < 0) throw badRequest(`The batch request body is not terminated by the boundary delimiter '--${boundary}--'.`);
  return pieces.slice(1, closeIndex).map((p) => p.replace(/^[ \t]*\r?\n/, ''));
}

function headerAndBody(part: string): [Record<string, string>, string] {
  const m = /\r?\n\r?\n/.exec(part);
  if (!m) return [splitHeaders(part), ''];
  return [splitHeaders(part.slice(0, m.index)), part.slice(m.index + m[0].length)];
}

function parseHttpPart(part: string): HttpPart {
  const [outer, inner] = headerAndBody(part);
  if (!(outer['content-type'] ?? '').startsWith('application/http'))
    throw badRequest(`A batch part must have Content-Type application/http; found '${outer['content-type'] ?? ''}'.`);
  const m = /\r?\n\r?\n/.exec(inner);
  const head = m ? inner.slice(0, m.index) : inner;
  const body = m ? inner.slice(m.index + m[0].length) : '';
  const [requestLine = '', ...headerLines] = head.split(/\r?\n/);
  const rl = /^([A-Z]+)\s+(\S+)(\s+HTTP\/1\.1)?$/.exec(requestLine.trim());
  if (!rl?.[1] || !rl[2]) throw badRequest(`The request line '${requestLine}' of a batch part is not valid.`);
  return {
    contentId: outer['content-id'],
    method: rl[1],
    url: rl[2],
    headers: splitHeaders(headerLines.join('\n')),
    body: Buffer.from(body.replace(/\r?\n$/, ''), 'utf8'),
  };
}

export function parseBatch(body: Buffer, contentType: string | undefined): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!(contentType ?? '').startsWith('multipart/mixed') || !boundary)
    throw badRequest('The batch request must have a Content-Type of multipart/mixed with a boundary.');
  return splitParts(body.toString('utf8'), boundary).map((part): BatchItem => {
    const [headers, content] = headerAndBody(part);
    const ct = headers['content-type'] ?? '';
    if (ct.startsWith('multipart/mixed')) {
      const inner = boundaryOf(ct);
      if (!inner) throw badRequest('A change set must have a boundary.');
      return { kind: 'changeset', parts: splitParts(content, inner).map(parseHttpPart) };
    }
    return { kind: 'request', part: parseHttpPart(part) };
  });
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const reason = (status: number) => REASONS[status] ?? 'Unknown';

export interface PartResponse {
  contentId?: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function formatPart(r: PartResponse): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (r.contentId) lines.push(`Content-ID: ${r.contentId}`);
  lines.push('', `HTTP/1.1 ${r.status} ${reason(r.status)}`);
  for (const [k, v] of Object.entries(r.headers)) lines.push(`${k}: ${v}`);
  lines.push('');
  lines.push(r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  return lines.join('\r\n');
}

/** One entry per batch item: a single response, or the responses of a committed change set. */
export type ItemResponse = { kind: 'single'; response: PartResponse } | { kind: 'changeset'; responses: PartResponse[] };

export function formatBatch(items: ItemResponse[], batchId: string, newId: () => string): string {
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === 'single') {
      out.push(`--batchresponse_${batchId}\r\n${formatPart(item.response)}`);
      continue;
    }
    const cs = newId();
    const inner = item.responses.map((r) => `--changesetresponse_${cs}\r\n${formatPart(r)}`).join('\r\n');
    out.push(`--batchresponse_${batchId}\r\nContent-Type: multipart/mixed; boundary=changesetresponse_${cs}\r\n\r\n${inner}\r\n--changesetresponse_${cs}--`);
  }
  return `${out.join('\r\n')}\r\n--batchresponse_${batchId}--\r\n`;
}

/**
 * The `$batch` wire format: a multipart/mixed request of application/http parts, change sets as nested
 * multipart/mixed parts, and the response in the same shape (a failed change set answers with one part).
 * Written by hand because dynamics-web-api puts every consecutive write into one change set: it cannot send
 * several independent change sets in one request.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 * OData 4.0 §11.7: http://docs.oasis-open.org/odata/odata/v4.0/errata03/os/complete/part1-protocol/odata-v4.0-errata03-os-part1-protocol-complete.html#_Toc453752313
 */

export interface PartRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL below the service root. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  contentId?: string;
}

export type BatchItem = { kind: 'single'; request: PartRequest } | { kind: 'changeset'; requests: PartRequest[] };

export interface PartResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

export type ItemResponse = { kind: 'single'; response: PartResponse } | { kind: 'changeset'; responses: PartResponse[] };

const CRLF = '\r\n';

function part(request: PartRequest): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (request.contentId !== undefined) lines.push(`Content-ID: ${request.contentId}`);
  lines.push('', `${request.method} ${request.url} HTTP/1.1`);
  if (request.body !== undefined) lines.push('Content-Type: application/json; charset=utf-8');
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  lines.push('', request.body ?? '');
  return lines.join(CRLF);
}

/** The request body and its Content-Type. `newId` names the boundaries. */
export function buildBatch(items: BatchItem[], newId: () => string): { contentType: string; body: string } {
  const batch = `batch_${newId()}`;
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === 'single') {
      out.push(`--${batch}${CRLF}${part(item.request)}`);
      continue;
    }
    const changeset = `changeset_${newId()}`;
    const inner = item.requests.map((r) => `--${changeset}${CRLF}${part(r)}`).join(CRLF);
    out.push(`--${batch}${CRLF}Content-Type: multipart/mixed; boundary=${changeset}${CRLF}${CRLF}${inner}${CRLF}--${changeset}--`);
  }
  return { contentType: `multipart/mixed; boundary=${batch}`, body: `${out.join(CRLF)}${CRLF}--${batch}--${CRLF}` };
}

export function boundaryOf(contentType: string | null | undefined): string | undefined {
  return /boundary="?([^";,\s]+)"?/i.exec(contentType ?? '')?.[1];
}

/** The parts between `--boundary` lines, up to `--boundary--`. */
function splitParts(text: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join(CRLF));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join(CRLF));
  return parts;
}

/** Splits "headers CRLF CRLF rest" into lower-cased headers and the rest. */
function headersAndRest(text: string): [Record<string, string>, string] {
  const blank = /\r?\n\r?\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return [headers, blank ? text.slice(blank.index + blank[0].length) : ''];
}

function parseHttpResponse(text: string): PartResponse {
  const [outer, inner] = headersAndRest(text);
  const statusLine = /^HTTP\/1\.1\s+(\d{3})/.exec(inner.trimStart());
  if (!statusLine?.[1]) throw new Error('A $batch response part has no HTTP status line.');
  const afterStatus = inner.trimStart().replace(/^[^\r\n]*\r?\n/, '');
  const [headers, body] = headersAndRest(afterStatus);
  return { status: Number(statusLine[1]), headers, body: body.trim(), contentId: outer['content-id'] };
}

/** One entry per request item, in order. Throws when the body is not a multipart $batch response. */
export function parseBatchResponse(contentType: string | null, body: string): ItemResponse[] {
  const boundary = boundaryOf(contentType);
  if (!boundary || !(contentType ?? '').toLowerCase().startsWith('multipart/mixed'))
    throw new Error(`The $batch response is not multipart/mixed (${contentType ?? 'no content type'}).`);
  return splitParts(body, boundary).map((text): ItemResponse => {
    const [headers, rest] = headersAndRest(text);
    const nested = (headers['content-type'] ?? '').toLowerCase().startsWith('multipart/mixed') ? boundaryOf(headers['content-type']) : undefined;
    if (nested) return { kind: 'changeset', responses: splitParts(rest, nested).map(parseHttpResponse) };
    return { kind: 'single', response: parseHttpResponse(text) };
  });
}

/** Turns a fetch Response into a value or a WeChat errcode, and nothing else (no retries here). */
import { WechatHttpError } from './errors.js';
import { bodyExcerpt } from './redact.js';
import type { WechatDownload } from './types.js';

export type Outcome<T> = { ok: true; value: T; status: number } | { ok: false; errcode: number; errmsg: string; status: number; msgId?: string };

export async function readJson(res: Response, path: string): Promise<Outcome<unknown>> {
  const text = await res.text();
  const json = tryParse(text);
  const failure = json === undefined ? undefined : errcodeOf(json);
  if (failure) return { ok: false, ...failure, status: res.status };
  if (!res.ok) throw new WechatHttpError(`WeChat API ${path} answered HTTP ${res.status}`, path, res.status, bodyExcerpt(text));
  if (json === undefined) {
    throw new WechatHttpError(`WeChat API ${path} answered a body that is not JSON`, path, res.status, bodyExcerpt(text));
  }
  return { ok: true, value: json, status: res.status };
}

/** media/get answers the file itself, or JSON (text/plain or application/json) for errors and videos. */
export async function readDownload(res: Response, path: string): Promise<Outcome<WechatDownload>> {
  const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
  if (/json|text\/plain/i.test(contentType) || !res.ok) {
    const outcome = await readJson(res, path);
    if (!outcome.ok) return outcome;
    const json = outcome.value;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new WechatHttpError(`WeChat API ${path} answered JSON that is not an object`, path, res.status);
    }
    return { ok: true, value: { kind: 'json', json: json as Record<string, unknown> }, status: res.status };
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const filename = filenameOf(res.headers.get('content-disposition'));
  return { ok: true, value: { kind: 'binary', bytes, contentType, ...(filename !== undefined && { filename }) }, status: res.status };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errcodeOf(json: unknown): { errcode: number; errmsg: string; msgId?: string } | undefined {
  if (typeof json !== 'object' || json === null || !('errcode' in json)) return undefined;
  const { errcode, errmsg } = json as { errcode: unknown; errmsg?: unknown };
  const code = typeof errcode === 'number' ? errcode : typeof errcode === 'string' ? Number(errcode) : Number.NaN;
  if (!Number.isFinite(code) || code === 0) return undefined;
  // 45065 (clientmsgid already used) answers the first send's msg_id: the caller records it as that send.
  const msgId = (json as { msg_id?: unknown }).msg_id;
  const id = typeof msgId === 'number' || (typeof msgId === 'string' && msgId !== '') ? String(msgId) : undefined;
  return { errcode: code, errmsg: typeof errmsg === 'string' ? errmsg : '', ...(id !== undefined && { msgId: id }) };
}

/** `attachment; filename="MEDIA_ID.jpg"` → `MEDIA_ID.jpg`. */
function filenameOf(disposition: string | null): string | undefined {
  const match = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1];
}

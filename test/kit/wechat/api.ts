/**
 * Test helpers for code that calls WeChat: a scripted fetch that records every request, and a logger that
 * keeps every line. Used by tests only (not exported from the barrel).
 */
import type { WechatLogFields, WechatLogger } from '../../../functions/src/wechat/api/types.js';

export interface RecordedCall {
  url: URL;
  method: string;
  body: unknown;
}

export type Responder = (call: RecordedCall) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fetch that answers each call with the next responder (the last one repeats). */
export function scriptedFetch(...responders: Responder[]): typeof fetch & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body;
    const call = { url: new URL(String(input)), method: init?.method ?? 'GET', body };
    calls.push(call);
    const responder = responders[Math.min(calls.length - 1, responders.length - 1)];
    if (!responder) throw new Error('no responder');
    return responder(call);
  };
  return Object.assign(fake as typeof fetch, { calls });
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: WechatLogFields | undefined;
}

export function recordingLogger(): WechatLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, fields?: WechatLogFields) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => JSON.stringify(lines) };
}

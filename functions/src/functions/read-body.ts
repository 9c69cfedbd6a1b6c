/**
 * Reads a callback body with a hard size limit, so an oversized request is refused (413) before it is decoded
 * or parsed. WeChat's callbacks are a few kilobytes; the limit is generous.
 */
import type { HttpRequest } from '@azure/functions';
import { MAX_CALLBACK_BYTES } from '../kernel/limits.js';
import { CallbackRejected } from '../relay/errors.js';

export async function readCallbackBody(request: HttpRequest, maxBytes = MAX_CALLBACK_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new CallbackRejected('too-large', `content-length ${declared} exceeds ${maxBytes}`);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) throw new CallbackRejected('too-large', `body of ${bytes.length} bytes exceeds ${maxBytes}`);
  return bytes.toString('utf8');
}

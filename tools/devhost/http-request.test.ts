/** The devhost's HttpRequest answers body reads the way the library's own (fetch-backed) HttpRequest does. */
import { describe, expect, it } from 'vitest';
import { HttpRequest } from './azure-functions.js';
import { createHttpRequest, type RequestParts } from './http-request.js';

const parts = (contentType: string): RequestParts => ({
  method: 'POST',
  url: 'http://127.0.0.1:7071/api/wechat/accounts/wx1/callback?nonce=1&nonce=2',
  headers: { 'content-type': contentType, 'x-forwarded-for': '127.0.0.1:5000' },
  params: { appid: 'wx1' },
});
const both = (contentType: string, body: string) => {
  const bytes = Buffer.from(body, 'utf8');
  return [createHttpRequest(parts(contentType), Buffer.from(bytes)), new HttpRequest({ ...parts(contentType), body: { bytes } })] as const;
};

describe('createHttpRequest', () => {
  it('reads text, bytes, JSON and blobs as the library does', async () => {
    for (const read of ['text', 'arrayBuffer', 'json', 'blob'] as const) {
      const [ours, theirs] = both('application/json', '{"text":"你好"}');
      const value = async (r: HttpRequest) => {
        const v = await r[read]();
        return v instanceof Blob ? [v.type, await v.text()] : v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v;
      };
      expect(ours.bodyUsed).toBe(false);
      expect(await value(ours)).toEqual(await value(theirs));
      expect(ours.bodyUsed).toBe(theirs.bodyUsed);
    }
  });

  it('allows one read only, with the same TypeError', async () => {
    const [ours, theirs] = both('text/xml', '<xml/>');
    await ours.text();
    await theirs.text();
    const second = (r: HttpRequest) =>
      r.arrayBuffer().then(
        () => 'read',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await second(ours)).toBe(await second(theirs));
    expect(await second(ours)).toBe('TypeError: Body is unusable: Body has already been read');
  });

  it('fails JSON the same way, and keeps url, method, headers, query and params', async () => {
    const [ours, theirs] = both('application/json', 'not json');
    const fail = (r: HttpRequest) =>
      r.json().then(
        () => 'parsed',
        (e: Error) => e.name,
      );
    expect(await fail(ours)).toBe(await fail(theirs));
    expect([ours.url, ours.method, [...ours.headers], ours.query.getAll('nonce'), ours.params]).toEqual([
      theirs.url,
      theirs.method,
      [...theirs.headers],
      theirs.query.getAll('nonce'),
      theirs.params,
    ]);
  });

  it('streams the body, parses form data and clones like the library', async () => {
    const [ours, theirs] = both('application/x-www-form-urlencoded', 'a=1&b=%E4%BD%A0');
    expect([...(await ours.clone().formData())]).toEqual([...(await theirs.clone().formData())]);
    const streamed = async (r: HttpRequest) => Buffer.from(await new Response(r.body).arrayBuffer()).toString();
    expect(await streamed(ours)).toBe(await streamed(theirs));
    expect(ours.bodyUsed).toBe(true);
  });

  it('without a body is the library HttpRequest unchanged', async () => {
    const request = createHttpRequest({ ...parts('text/plain'), method: 'GET' }, undefined);
    expect(await request.text()).toBe('');
    expect(request.body).toBeNull();
  });
});

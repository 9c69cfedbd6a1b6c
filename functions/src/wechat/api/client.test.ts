import { describe, expect, it } from 'vitest';
import { createWechatApiClient } from './client.js';
import { WechatApiError, WechatHttpError } from './errors.js';
import { json, recordingLogger, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import type { TokenSource } from './types.js';

/** A token source that hands out tok-1, tok-2… and records invalidations. */
function tokens(): TokenSource & { invalidated: string[] } {
  let n = 1;
  const invalidated: string[] = [];
  return {
    invalidated,
    get: async () => `tok-${n}`,
    invalidate: async (value) => {
      invalidated.push(value);
      if (value === `tok-${n}`) n++;
    },
  };
}

function setup(...responders: Parameters<typeof scriptedFetch>) {
  const fetch = scriptedFetch(...responders);
  const logger = recordingLogger();
  const sleeps: number[] = [];
  const client = createWechatApiClient({
    baseUrl: 'https://api.example.test/',
    fetch,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, fetch, logger, sleeps };
}

const POST = { method: 'POST', path: '/cgi-bin/message/custom/send', body: { touser: 'o1' } } as const;

describe('createWechatApiClient', () => {
  it('sends JSON with the token as a query parameter and returns the body', async () => {
    const { client, fetch, logger } = setup(() => json({ errcode: 0, errmsg: 'ok' }));
    const token = tokens();
    await expect(client.request({ ...POST, query: { lang: 'zh_CN', skip: undefined }, token })).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    const [call] = fetch.calls;
    expect(call!.url.origin + call!.url.pathname).toBe('https://api.example.test/cgi-bin/message/custom/send');
    expect([...call!.url.searchParams]).toEqual([
      ['lang', 'zh_CN'],
      ['access_token', 'tok-1'],
    ]);
    expect(call!.body).toEqual({ touser: 'o1' });
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'wechat api call',
        fields: { method: 'POST', path: '/cgi-bin/message/custom/send', attempt: 1, status: 200, durationMs: expect.any(Number), errcode: 0 },
      },
    ]);
  });

  it('uses component_access_token when asked', async () => {
    const { client, fetch } = setup(() => json({ pre_auth_code: 'p' }));
    await client.request({ method: 'POST', path: '/cgi-bin/component/api_create_preauthcode', tokenParam: 'component_access_token', token: tokens() });
    expect(fetch.calls[0]!.url.searchParams.get('component_access_token')).toBe('tok-1');
    expect(fetch.calls[0]!.url.searchParams.has('access_token')).toBe(false);
  });

  it.each([40001, 40014, 42001])('errcode %i: invalidates the failed token and retries once with a fresh one', async (errcode) => {
    const { client, fetch, logger } = setup(
      () => json({ errcode, errmsg: 'invalid credential' }),
      () => json({ errcode: 0, msgid: 5 }),
    );
    const token = tokens();
    await expect(client.request({ ...POST, token })).resolves.toEqual({ errcode: 0, msgid: 5 });
    expect(token.invalidated).toEqual(['tok-1']);
    expect(fetch.calls.map((c) => c.url.searchParams.get('access_token'))).toEqual(['tok-1', 'tok-2']);
    expect(logger.text()).not.toContain('tok-');
  });

  it('gives up after one token retry', async () => {
    const { client, fetch } = setup(() => json({ errcode: 40001, errmsg: 'invalid credential, rid: 1' }));
    const token = tokens();
    const err = await client.request({ ...POST, token }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err).toMatchObject({ errcode: 40001, kind: 'token-invalid', path: '/cgi-bin/message/custom/send', errmsg: 'invalid credential, rid: 1' });
    expect(fetch.calls).toHaveLength(2);
    expect(token.invalidated).toEqual(['tok-1', 'tok-2']);
  });

  it('retries errcode -1 with exponential backoff, then succeeds', async () => {
    const { client, fetch, sleeps } = setup(
      () => json({ errcode: -1, errmsg: 'system error' }),
      () => json({ errcode: -1 }),
      () => json({ ok: 1 }),
    );
    await expect(client.request(POST)).resolves.toEqual({ ok: 1 });
    expect(fetch.calls).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('stops after the busy retries and throws a busy WechatApiError', async () => {
    const { client, fetch, sleeps } = setup(() => json({ errcode: -1, errmsg: 'system error' }));
    await expect(client.request(POST)).rejects.toMatchObject({ errcode: -1, kind: 'busy', zh: '系统繁忙，请稍后再试。' });
    expect(fetch.calls).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('throws other errcodes at once with readable texts', async () => {
    const { client, fetch, logger } = setup(() => json({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' }));
    const err = (await client.request({ ...POST, token: tokens() }).catch((e: unknown) => e)) as WechatApiError;
    expect(err.kind).toBe('window-closed');
    expect(err.en).toMatch(/48 hours/);
    expect(err.message).toBe(
      `WeChat API /cgi-bin/message/custom/send failed with errcode 45015: ${err.en} (response out of time limit or subscription is canceled)`,
    );
    expect(fetch.calls).toHaveLength(1);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', fields: { errcode: 45015, path: '/cgi-bin/message/custom/send' } });
  });

  it('a non-JSON 200 and an HTTP 502 are WechatHttpErrors with a redacted excerpt', async () => {
    const html = '<html>bad gateway for /cgi-bin/x?access_token=SECRET123&lang=zh</html>';
    const { client } = setup(() => new Response(html, { status: 502 }));
    const err = (await client.request({ ...POST, token: tokens() }).catch((e: unknown) => e)) as WechatHttpError;
    expect(err).toBeInstanceOf(WechatHttpError);
    expect(err.status).toBe(502);
    expect(err.bodyExcerpt).toBe('<html>bad gateway for /cgi-bin/x?access_token=***&lang=zh</html>');
    const { client: c2 } = setup(() => new Response('not json', { status: 200 }));
    await expect(c2.request(POST)).rejects.toMatchObject({
      name: 'WechatHttpError',
      status: 200,
      message: 'WeChat API /cgi-bin/message/custom/send answered a body that is not JSON',
    });
  });

  it('a network failure is a WechatHttpError without the URL or token, and is not retried', async () => {
    const { client, fetch, logger } = setup(() => {
      throw new TypeError('fetch failed for https://api.example.test/x?access_token=tok-1');
    });
    const err = (await client.request({ ...POST, token: tokens() }).catch((e: unknown) => e)) as WechatHttpError;
    expect(err.message).toBe(
      'WeChat API /cgi-bin/message/custom/send request failed (TypeError: fetch failed for https://api.example.test/x?access_token=***)',
    );
    expect(err.status).toBeUndefined();
    expect(fetch.calls).toHaveLength(1);
    expect(logger.text()).not.toContain('tok-1');
  });

  it('sends FormData untouched (multipart)', async () => {
    const { client, fetch } = setup(() => json({ media_id: 'm' }));
    const form = new FormData();
    form.set('media', new Blob([new Uint8Array([1, 2])]), 'a.jpg');
    await client.request({ method: 'POST', path: '/cgi-bin/media/upload', body: form });
    expect(fetch.calls[0]!.body).toBe(form);
  });

  it('refuses a path with a query string', async () => {
    const { client } = setup(() => json({}));
    await expect(client.request({ method: 'GET', path: '/cgi-bin/x?access_token=1' })).rejects.toThrow(TypeError);
  });
});

describe('download', () => {
  it('returns binary content with its type and file name', async () => {
    const { client } = setup(
      () =>
        new Response(new Uint8Array([0xff, 0xd8, 0xff]), {
          headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="MEDIA1.jpg"' },
        }),
    );
    await expect(client.download({ method: 'GET', path: '/cgi-bin/media/get', query: { media_id: 'MEDIA1' } })).resolves.toEqual({
      kind: 'binary',
      bytes: new Uint8Array([0xff, 0xd8, 0xff]),
      contentType: 'image/jpeg',
      filename: 'MEDIA1.jpg',
    });
  });

  it('turns a text/plain JSON error into WechatApiError and retries token errors', async () => {
    const { client, fetch } = setup(
      () => new Response('{"errcode":42001,"errmsg":"access_token expired"}', { headers: { 'content-type': 'text/plain' } }),
      () => new Response('{"errcode":40007,"errmsg":"invalid media_id"}', { headers: { 'content-type': 'text/plain' } }),
    );
    await expect(client.download({ method: 'GET', path: '/cgi-bin/media/get', token: tokens() })).rejects.toMatchObject({
      errcode: 40007,
      kind: 'invalid-input',
    });
    expect(fetch.calls).toHaveLength(2);
  });

  it('returns JSON answers such as a video URL', async () => {
    const { client } = setup(() => json({ video_url: 'http://v' }));
    await expect(client.download({ method: 'GET', path: '/cgi-bin/media/get' })).resolves.toEqual({ kind: 'json', json: { video_url: 'http://v' } });
  });
});

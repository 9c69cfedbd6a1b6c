/**
 * The direct response path writes what `new HttpResponse(init)` would: every init object below is written
 * both ways (directly, and forced through HttpResponse) and the two replies must be the same on the wire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse } from './azure-functions.js';
import { writeResponse } from './http-response.js';

const CASES: Record<string, HttpResponseInit> = {
  empty: { status: 200 },
  text: { body: 'success' },
  typedText: { status: 400, body: 'bad', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Extra': ' padded ' } },
  json: { jsonBody: { a: 1, text: '你好' } },
  typedJson: { status: 422, jsonBody: [1, 2], headers: { 'content-type': 'application/problem+json' } },
  bytes: { status: 201, body: new Uint8Array([0, 1, 2, 255]) },
  noContent: { status: 204, body: 'dropped', headers: { 'x-a': 'b' } },
  noContentJson: { status: 204, jsonBody: { dropped: true } },
  redirectWithCookies: {
    status: 302,
    headers: { location: '/next', 'set-cookie': 'first=1; Path=/' },
    cookies: [
      { name: 'sid', value: 'abc', path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 600 },
      { name: 'old', value: '', expires: new Date(0) },
    ],
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, name = '', how] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    const init = CASES[name]!;
    void writeResponse(res, req.method ?? 'GET', how === 'via' ? new HttpResponse(init) : init);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function reply(path: string, method = 'GET') {
  const res = await fetch(`${base}${path}`, { method, redirect: 'manual' });
  const headers = [...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name));
  return { status: res.status, headers, cookies: res.headers.getSetCookie(), body: [...new Uint8Array(await res.arrayBuffer())] };
}

describe('writeResponse', () => {
  it.each(Object.keys(CASES))('%s: direct = through HttpResponse', async (name) => {
    const direct = await reply(`/${name}/direct`);
    expect(direct).toEqual(await reply(`/${name}/via`));
    expect(await reply(`/${name}/direct`, 'HEAD')).toEqual(await reply(`/${name}/via`, 'HEAD'));
  });

  it('writes the defaults HttpResponse gives (content types, length, cookies)', async () => {
    expect((await reply('/text/direct')).headers).toEqual([
      ['content-length', '7'],
      ['content-type', 'text/plain;charset=UTF-8'],
    ]);
    expect((await reply('/json/direct')).headers).toContainEqual(['content-type', 'application/json']);
    expect((await reply('/bytes/direct')).body).toEqual([0, 1, 2, 255]);
    expect((await reply('/noContent/direct')).headers).toEqual([['x-a', 'b']]);
    expect((await reply('/redirectWithCookies/direct')).cookies).toEqual([
      'first=1; Path=/',
      'sid=abc; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax',
      'old=; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
  });
});

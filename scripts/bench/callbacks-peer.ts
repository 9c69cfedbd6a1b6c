/**
 * Child of `npm run bench:callbacks`: the peer, node-webot's `wechat` middleware on express, configured with the
 * same token, EncodingAESKey and appid as the relay, so it verifies and decrypts the same encrypted pushes; its
 * handler answers `success` (it stores nothing), or with BENCH_AUTOREPLY=1 an encrypted passive text reply, as the relay does. Prints `BENCH_READY <url>`.
 * https://github.com/node-webot/wechat#加密模式
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

type Handler = (req: unknown, res: { end(body: string): void }, next: () => void) => void;
// Neither package ships types (and @types/express is not installed): the two calls used are typed here.
const require = createRequire(import.meta.url);
const wechat = require('wechat') as (config: object, handle: Handler) => Handler;
const express = require('express') as () => { use(path: string, h: Handler): void; listen(port: number, host: string, cb: () => void): Server };

const app = express();
const config = {
  token: process.env.BENCH_TOKEN ?? '',
  appid: process.env.BENCH_APPID ?? '',
  encodingAESKey: process.env.BENCH_AES_KEY ?? '',
};
// With BENCH_AUTOREPLY=1 the relay answers every message with an encrypted passive reply; so does the peer, with a
// text of the same shape (node-webot's res.reply encrypts it), so both sides do the same work per callback.
const autoReply = process.env.BENCH_AUTOREPLY === '1';
const twoDigits = (n: number) => String(n).padStart(2, '0');
app.use(
  '/api/wechat/accounts/:appid/callback',
  wechat(config, (req, res) => {
    if (!autoReply) return res.end('success');
    const now = new Date(Date.now() + 8 * 3_600_000);
    const content = (req as { weixin?: { Content?: string } }).weixin?.Content ?? '';
    const at = `${now.getUTCFullYear()}-${twoDigits(now.getUTCMonth() + 1)}-${twoDigits(now.getUTCDate())} ${twoDigits(now.getUTCHours())}:${twoDigits(now.getUTCMinutes())}`;
    (res as unknown as { reply(text: string): void }).reply(`Wechat Marketing 演示号 收到：${content}（${at}）`);
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`BENCH_READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

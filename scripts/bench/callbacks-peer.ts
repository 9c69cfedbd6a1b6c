/**
 * Child of `npm run bench:callbacks`: the peer, node-webot's `wechat` middleware on express, configured with the
 * same token, EncodingAESKey and appid as the relay, so it verifies and decrypts the same encrypted pushes; its
 * handler answers `success` (it stores nothing). Prints `BENCH_READY <url>`.
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
app.use(
  '/api/wechat/accounts/:appid/callback',
  wechat(config, (_req, res) => res.end('success')),
);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`BENCH_READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

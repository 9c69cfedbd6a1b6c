/**
 * Parametric QR codes: qrcode/create (QR_SCENE, QR_STR_SCENE temporary; QR_LIMIT_SCENE, QR_LIMIT_STR_SCENE
 * permanent) and showqrcode (the image, served without a token on mp.weixin.qq.com in WeChat).
 * Limits as WeChat documents them: expire_seconds at most 2,592,000 (30 days; WeChat's default when omitted is 30 s,
 * kept here), scene_str 1–64 characters, scene_id 1–100,000 for permanent codes, 100,000 permanent codes per account;
 * the daily quota (100,000 creations) is the QuotaBook's `qrcode/create` entry (45009).
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 *
 * No QR encoder is installed, so showqrcode answers a real, valid PNG (node:zlib) whose `tEXt` chunk `url` holds
 * the code's content and whose pixels are a pattern derived from it: not a scannable QR symbol.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { WechatApiError } from '../errors.js';
import type { SimState } from '../state/simulator-state.js';
import { requireCapability } from './capabilities.js';
import type { ApiSpec } from './registry.js';

export const MAX_EXPIRE_SECONDS = 2_592_000;
export const DEFAULT_EXPIRE_SECONDS = 30;
export const MAX_PERMANENT_CODES = 100_000;
export const MAX_SCENE_STR = 64;
/** WeChat's answer for an action_name it does not know. */
export const INVALID_ACTION_NAME = 40052;
/** WeChat's answer for a missing or malformed action_info / scene. */
export const INVALID_ACTION_INFO = 40053;
/** Too many permanent codes for the account. */
export const PERMANENT_LIMIT_REACHED = 45029;
/** showqrcode for a ticket it never issued or that expired. */
export const INVALID_TICKET = 40097;

export interface SimQrCode {
  appid: string;
  ticket: string;
  url: string;
  actionName: string;
  scene: string;
  permanent: boolean;
  /** Epoch ms; undefined for permanent codes. */
  expiresAt?: number;
}

interface QrBook {
  byTicket: Map<string, SimQrCode>;
  permanentCount: Map<string, number>;
}

const books = new WeakMap<SimState, QrBook>();
/** The codes the simulator issued (tests look at them; scans take the scene from here). */
export function qrBook(state: SimState): QrBook {
  let b = books.get(state);
  if (!b) {
    b = { byTicket: new Map(), permanentCount: new Map() };
    books.set(state, b);
  }
  return b;
}

/** Lets a test stand in an account that already has `count` permanent codes. */
export function setPermanentCount(state: SimState, appid: string, count: number): void {
  qrBook(state).permanentCount.set(appid, count);
}

const ACTIONS = new Set(['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE']);

function sceneOf(actionName: string, info: unknown): string {
  const scene = typeof info === 'object' && info !== null ? (info as { scene?: unknown }).scene : undefined;
  if (typeof scene !== 'object' || scene === null) throw new WechatApiError(INVALID_ACTION_INFO, 'invalid action info');
  const { scene_id: id, scene_str: str } = scene as { scene_id?: unknown; scene_str?: unknown };
  if (actionName.endsWith('STR_SCENE')) {
    if (typeof str !== 'string' || str.length < 1 || str.length > MAX_SCENE_STR) throw new WechatApiError(INVALID_ACTION_INFO, 'invalid scene_str');
    return str;
  }
  const max = actionName === 'QR_LIMIT_SCENE' ? 100_000 : 4_294_967_295;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > max) throw new WechatApiError(INVALID_ACTION_INFO, 'invalid scene_id');
  return String(id);
}

export const qrcodeApis: ApiSpec[] = [
  {
    api: 'qrcode/create',
    auth: 'authorizer',
    scope: 3,
    handle({ state, account, json }) {
      // Parametric QR codes are a verified service account's feature (接口权限说明): 48001 otherwise.
      requireCapability(account, 'verified-service');
      const body = json();
      const actionName = body.action_name;
      if (typeof actionName !== 'string' || !ACTIONS.has(actionName)) throw new WechatApiError(INVALID_ACTION_NAME, 'invalid action name');
      const scene = sceneOf(actionName, body.action_info);
      const permanent = actionName.startsWith('QR_LIMIT');
      const book = qrBook(state);
      let expireSeconds: number | undefined;
      if (!permanent) {
        const raw = body.expire_seconds ?? DEFAULT_EXPIRE_SECONDS;
        if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_EXPIRE_SECONDS)
          throw new WechatApiError(47001, 'data format error: expire_seconds');
        expireSeconds = raw;
      } else {
        const n = book.permanentCount.get(account.appid) ?? 0;
        if (n >= MAX_PERMANENT_CODES) throw new WechatApiError(PERMANENT_LIMIT_REACHED, 'qrcode count out of limit');
        book.permanentCount.set(account.appid, n + 1);
      }
      const ticket = `gQ${randomBytes(24).toString('base64url')}`;
      const url = `http://weixin.qq.com/q/${randomBytes(12).toString('base64url')}`;
      book.byTicket.set(ticket, {
        appid: account.appid,
        ticket,
        url,
        actionName,
        scene,
        permanent,
        expiresAt: expireSeconds === undefined ? undefined : state.clock.now() + expireSeconds * 1000,
      });
      return expireSeconds === undefined ? { ticket, url } : { ticket, expire_seconds: expireSeconds, url };
    },
  },
  {
    api: 'showqrcode',
    auth: 'none',
    handle({ state, query }) {
      const ticket = query.get('ticket') ?? '';
      const code = qrBook(state).byTicket.get(ticket);
      if (!code || (code.expiresAt !== undefined && code.expiresAt <= state.clock.now())) throw new WechatApiError(INVALID_TICKET, 'invalid ticket');
      return { kind: 'binary', bytes: qrPng(code.url), contentType: 'image/jpg', filename: 'qrcode.png' };
    },
  },
];

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A valid 8-bit grayscale PNG carrying `url` in a tEXt chunk (keyword `url`), pixels a pattern of the url's bytes. */
export function qrPng(url: string, modules = 29, scale = 8): Buffer {
  const size = modules * scale;
  const bytes = Buffer.from(url, 'utf8');
  const dark = (x: number, y: number): boolean => {
    const finder = (cx: number, cy: number) => {
      const dx = x - cx;
      const dy = y - cy;
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return undefined;
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      return ring !== 2;
    };
    const f = finder(0, 0) ?? finder(modules - 7, 0) ?? finder(0, modules - 7);
    if (f !== undefined) return f;
    const i = y * modules + x;
    return (((bytes[i % bytes.length] ?? 0) >> (i % 8)) & 1) === 1;
  };
  const raw = Buffer.alloc((size + 1) * size);
  for (let py = 0; py < size; py += 1) {
    raw[py * (size + 1)] = 0;
    for (let px = 0; px < size; px += 1) raw[py * (size + 1) + 1 + px] = dark(Math.floor(px / scale), Math.floor(py / scale)) ? 0 : 255;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.concat([Buffer.from('url\0', 'latin1'), Buffer.from(url, 'latin1')])),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The url a qrPng carries (tests). */
export function urlOfPng(png: Buffer): string | undefined {
  let off = 8;
  while (off + 8 <= png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    if (type === 'tEXt') {
      const data = png.subarray(off + 8, off + 8 + len).toString('latin1');
      if (data.startsWith('url\0')) return data.slice(4);
    }
    off += 12 + len;
  }
  return undefined;
}

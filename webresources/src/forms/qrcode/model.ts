/**
 * A wxm_qrcode row as the form and the QR display show it: its state, the reason in the reader's language (the
 * relay writes English, a line break, then Chinese), expiry, counts, and the PNG to show and download. Pure.
 */
import type { Language } from '../../strings/index.js';

/** wxm_rowsyncstate (solution/src/optionsets). */
export const STATE = { pending: 472610000, synced: 472610001, failed: 472610002 } as const;

export interface QrCodeView {
  name: string;
  state: 'pending' | 'synced' | 'failed';
  reason: string | undefined;
  url: string | undefined;
  scene: string | undefined;
  expiresOn: Date | undefined;
  scans: number;
  newFollowers: number;
  stillFollowing: number;
  /** data:image/png;base64,… when the relay stored the image; else WeChat's showqrcode URL. */
  imageSrc: string | undefined;
  imageStored: boolean;
}

export const COLUMNS = [
  'wxm_name',
  'wxm_state',
  'wxm_failurereason',
  'wxm_url',
  'wxm_scene',
  'wxm_expireson',
  'wxm_scancount',
  'wxm_newfollowercount',
  'wxm_stillfollowing',
  'wxm_image',
  'wxm_imageurl',
] as const;

export type Values = (column: (typeof COLUMNS)[number]) => unknown;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The relay's reason is "English\nChinese": the reader's line, or the whole text when it is not in that shape. */
export function reasonIn(reason: string | undefined, language: Language): string | undefined {
  if (!reason) return undefined;
  const [en, ...rest] = reason.split('\n');
  const zh = rest.join('\n').trim();
  return zh ? (language === 'zh' ? zh : (en ?? reason).trim()) : reason.trim();
}

export function viewOf(values: Values, language: Language): QrCodeView {
  const state = values('wxm_state');
  const expires = values('wxm_expireson');
  const expiresOn = expires instanceof Date ? expires : typeof expires === 'string' ? new Date(expires) : undefined;
  const image = text(values('wxm_image'));
  return {
    name: text(values('wxm_name')) ?? '',
    state: state === STATE.synced ? 'synced' : state === STATE.failed ? 'failed' : 'pending',
    reason: reasonIn(text(values('wxm_failurereason')), language),
    url: text(values('wxm_url')),
    scene: text(values('wxm_scene')),
    expiresOn: expiresOn && !Number.isNaN(expiresOn.getTime()) ? expiresOn : undefined,
    scans: count(values('wxm_scancount')),
    newFollowers: count(values('wxm_newfollowercount')),
    stillFollowing: count(values('wxm_stillfollowing')),
    imageSrc: image ? `data:image/png;base64,${image}` : text(values('wxm_imageurl')),
    imageStored: image !== undefined,
  };
}

/** A file name people recognise: the channel's name (or scene), safe on every system. */
export function pngName(view: QrCodeView): string {
  const base = (view.name || view.scene || 'qrcode').replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'qrcode'}.png`;
}

/**
 * A wxm_material row as the form shows it: where it stands in WeChat (not yet, in WeChat with its media id, URL and
 * expiry, refused with the relay's reason in the reader's language, deleted), and what may be done with it (upload,
 * delete: only permanent material and covers can be deleted). Pure: values come from the form or a row read back.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html
 */
import type { Language } from '../../strings/index.js';
import { reasonIn } from '../qrcode/model.js';

/** wxm_rowsyncstate and wxm_materialpurpose (solution/src/optionsets). */
export const STATE = { pending: 472610000, synced: 472610001, failed: 472610002 } as const;
export const PURPOSE = { temporary: 472610000, permanent: 472610001, articleImage: 472610002, thumb: 472610003 } as const;

export const COLUMNS = [
  'wxm_name',
  'wxm_state',
  'wxm_purpose',
  'wxm_mediaid',
  'wxm_url',
  'wxm_expireson',
  'wxm_uploadedon',
  'wxm_uploadrequestedon',
  'wxm_deleterequestedon',
  'wxm_deletedon',
  'wxm_failurereason',
  'wxm_filename',
] as const;

export type Column = (typeof COLUMNS)[number];
export type Values = (column: Column) => unknown;

export interface MaterialView {
  name: string;
  state: 'pending' | 'synced' | 'failed';
  purpose: 'temporary' | 'permanent' | 'articleImage' | 'thumb';
  mediaId: string | undefined;
  url: string | undefined;
  expiresOn: Date | undefined;
  uploadedOn: Date | undefined;
  deletedOn: Date | undefined;
  /** The relay's reason, in the reader's language. */
  reason: string | undefined;
  fileName: string | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Dates from the Web API are ISO strings; from form attributes, Date objects. */
export function dateOf(v: unknown): Date | undefined {
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export function viewOf(values: Values, language: Language): MaterialView {
  const state = values('wxm_state');
  const purpose = values('wxm_purpose');
  return {
    name: text(values('wxm_name')) ?? '',
    state: state === STATE.synced ? 'synced' : state === STATE.failed ? 'failed' : 'pending',
    // An empty purpose is permanent material to the relay too (material-row.ts purposeOf).
    purpose:
      purpose === PURPOSE.temporary ? 'temporary' : purpose === PURPOSE.articleImage ? 'articleImage' : purpose === PURPOSE.thumb ? 'thumb' : 'permanent',
    mediaId: text(values('wxm_mediaid')),
    url: text(values('wxm_url')),
    expiresOn: dateOf(values('wxm_expireson')),
    uploadedOn: dateOf(values('wxm_uploadedon')),
    deletedOn: dateOf(values('wxm_deletedon')),
    reason: reasonIn(text(values('wxm_failurereason')), language),
    fileName: text(values('wxm_filename')),
  };
}

/** WeChat deletes permanent material and covers (del_material); temporary media expires, article image URLs stay. */
export const deletable = (v: MaterialView): boolean => v.state === 'synced' && v.mediaId !== undefined && (v.purpose === 'permanent' || v.purpose === 'thumb');

/** WeChat's largest file of any purpose (images and videos: 10 MB); the relay checks each purpose's own limit. */
export const MAX_BYTES = 10 * 1024 * 1024;

/** "300 KB", "2.5 MB" in the reader's digits. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

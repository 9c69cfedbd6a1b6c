/**
 * A wxm_broadcast row as the Broadcast form shows it: status, reach estimate, the request columns, WeChat's
 * MASSSENDJOBFINISH counts and the active push's skipped report. Pure: values come from the form's attributes or
 * from a row the Web API returned (dates as Date or ISO text, lookups as [{ id }] or `_x_value`).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { Language } from '../../strings/index.js';

/** Option values of solution/src/optionsets (472610000 onwards, in the contract's order). */
export const STATUS = {
  Draft: 472610000,
  Scheduled: 472610001,
  Sending: 472610002,
  AwaitingConfirmation: 472610003,
  Sent: 472610004,
  Failed: 472610005,
  Deleted: 472610006,
} as const;
export const KIND = { MassSend: 472610000, ActivePush: 472610001 } as const;
export const AUDIENCE = { Everyone: 472610000, Tag: 472610001, View: 472610002, MarketingList: 472610003 } as const;
export const CONTENT = { Text: 472610000, Image: 472610001, Voice: 472610002, Video: 472610003, Article: 472610004 } as const;

export type Status = keyof typeof STATUS;

/** WeChat confirms an API-protected send within this long, or cancels it. */
export const CONFIRMATION_MS = 30 * 60_000;

export const COLUMNS = [
  'wxm_name',
  'wxm_kind',
  'wxm_audiencekind',
  '_wxm_tagid_value',
  'wxm_audienceviewid',
  'wxm_audiencelistid',
  'wxm_contenttype',
  'wxm_content',
  'wxm_title',
  'wxm_mediaid',
  'wxm_sendon',
  'wxm_previewrequestedon',
  '_wxm_previewfollowerid_value',
  'wxm_previewopenid',
  'wxm_previewedon',
  'wxm_sendrequestedon',
  'wxm_senton',
  'wxm_deleterequestedon',
  'wxm_broadcaststatus',
  'wxm_reachcount',
  'wxm_reachmonthlimited',
  'wxm_maysendtoday',
  'wxm_reachestimatedon',
  'wxm_totalcount',
  'wxm_filtercount',
  'wxm_sentcount',
  'wxm_errorcount',
  'wxm_resultstatus',
  'wxm_copyrightresult',
  'wxm_skippedreport',
  'wxm_failurereason',
  'modifiedon',
] as const;

/** A column's value by its logical name (a lookup by its own name: the form gives `[{ id }]`). */
export type Values = (column: string) => unknown;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function dateOf(v: unknown): Date | undefined {
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** A lookup's id: `[{ id: '{…}' }]` from the form, `_x_value` from the Web API. */
export function lookupId(values: Values, column: string): string | undefined {
  const v = values(column);
  const fromForm = Array.isArray(v) ? (v[0] as { id?: unknown } | undefined)?.id : undefined;
  const raw = fromForm ?? values(`_${column}_value`);
  return typeof raw === 'string' && raw ? raw.replace(/[{}]/g, '').toLowerCase() : undefined;
}

/** The lookup's display name on the form (the Web API gives none without annotations). */
export function lookupName(values: Values, column: string): string | undefined {
  const v = values(column);
  return Array.isArray(v) ? text((v[0] as { name?: unknown } | undefined)?.name) : undefined;
}

/** The relay writes "English\nChinese": the reader's line (the whole text when it is one line). */
export function reasonIn(reason: unknown, language: Language): string | undefined {
  const lines = String(reason ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (language === 'zh' ? lines[1] : lines[0]) ?? lines[0];
}

export interface BroadcastView {
  name: string;
  status: Status;
  activePush: boolean;
  audience: keyof typeof AUDIENCE;
  tagId: string | undefined;
  viewId: string | undefined;
  listId: string | undefined;
  content: keyof typeof CONTENT;
  body: string | undefined;
  title: string | undefined;
  mediaId: string | undefined;
  sendOn: Date | undefined;
  preview: {
    requestedOn: Date | undefined;
    followerId: string | undefined;
    followerName: string | undefined;
    openId: string | undefined;
    previewedOn: Date | undefined;
  };
  sendRequestedOn: Date | undefined;
  /** When the relay handed it to WeChat (WeChat's 30 minutes for the confirmation start then). */
  sentOn: Date | undefined;
  deleteRequestedOn: Date | undefined;
  reach: { count: number; monthLimited: number; maySendToday: boolean | undefined; estimatedOn: Date } | undefined;
  results: { status: string; total: number; filter: number; sent: number; errors: number } | undefined;
  copyright: string | undefined;
  skipped: string | undefined;
  reason: string | undefined;
  modifiedOn: Date | undefined;
}

function keyOf<T extends Record<string, number>>(options: T, value: unknown, fallback: keyof T): keyof T {
  return (Object.keys(options) as (keyof T)[]).find((k) => options[k] === value) ?? fallback;
}

export function viewOf(values: Values, language: Language): BroadcastView {
  const estimatedOn = dateOf(values('wxm_reachestimatedon'));
  const may = values('wxm_maysendtoday');
  const resultStatus = text(values('wxm_resultstatus'));
  return {
    name: text(values('wxm_name')) ?? '',
    status: keyOf(STATUS, values('wxm_broadcaststatus'), 'Draft'),
    activePush: values('wxm_kind') === KIND.ActivePush,
    audience: keyOf(AUDIENCE, values('wxm_audiencekind'), 'Everyone'),
    tagId: lookupId(values, 'wxm_tagid'),
    viewId: text(values('wxm_audienceviewid')),
    listId: text(values('wxm_audiencelistid')),
    content: keyOf(CONTENT, values('wxm_contenttype'), 'Text'),
    body: text(values('wxm_content')),
    title: text(values('wxm_title')),
    mediaId: text(values('wxm_mediaid')),
    sendOn: dateOf(values('wxm_sendon')),
    preview: {
      requestedOn: dateOf(values('wxm_previewrequestedon')),
      followerId: lookupId(values, 'wxm_previewfollowerid'),
      followerName: lookupName(values, 'wxm_previewfollowerid'),
      openId: text(values('wxm_previewopenid')),
      previewedOn: dateOf(values('wxm_previewedon')),
    },
    sendRequestedOn: dateOf(values('wxm_sendrequestedon')),
    sentOn: dateOf(values('wxm_senton')),
    deleteRequestedOn: dateOf(values('wxm_deleterequestedon')),
    reach: estimatedOn
      ? {
          count: count(values('wxm_reachcount')) ?? 0,
          monthLimited: count(values('wxm_reachmonthlimited')) ?? 0,
          maySendToday: typeof may === 'boolean' ? may : undefined,
          estimatedOn,
        }
      : undefined,
    results:
      resultStatus !== undefined
        ? {
            status: resultStatus,
            total: count(values('wxm_totalcount')) ?? 0,
            filter: count(values('wxm_filtercount')) ?? 0,
            sent: count(values('wxm_sentcount')) ?? 0,
            errors: count(values('wxm_errorcount')) ?? 0,
          }
        : undefined,
    copyright: text(values('wxm_copyrightresult')),
    skipped: text(values('wxm_skippedreport')),
    reason: reasonIn(values('wxm_failurereason'), language),
    modifiedOn: dateOf(values('modifiedon')),
  };
}

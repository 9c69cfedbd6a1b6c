/**
 * Form script of the Broadcast form (wxm_/forms/broadcast.js, global WechatMarketing.Broadcast), bound to the
 * form's OnLoad in solution/src/forms/wxm_broadcast.ts. Says where the broadcast stands (draft, scheduled, sending,
 * waiting for an administrator's confirmation under API 群发保护, sent, failed, deleted), the reach estimate the relay
 * wrote, what would be refused before anything is stamped, WeChat's MASSSENDJOBFINISH report and the active push's
 * skipped report, and offers Preview, Send and Delete (request columns the relay acts on), again after every refresh.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { userLanguage } from '../../shared/language.js';
import { formatDate, notify } from '../../shared/notify.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import type { Language } from '../../strings/index.js';
import { surfaceTranslator } from '../../strings/surface.js';
import { broadcast, type BroadcastTranslate } from '../../strings/broadcast.js';
import { offerAction, rowId, secondsOf, withdrawAction } from '../officialaccount/actions.js';
import { previewRefusals, previewTarget, sendRefusals } from './checks.js';
import { CONFIRMATION_MS, viewOf, type BroadcastView, type Values } from './model.js';
import { previewRequest, readUntil, stampNow, type Row } from './requests.js';
import { copyrightLine, resultsLine } from './results.js';

export const NOTES = {
  status: 'wxm-bc-status',
  reach: 'wxm-bc-reach',
  refusal: 'wxm-bc-refusal',
  results: 'wxm-bc-results',
  copyright: 'wxm-bc-copyright',
  skipped: 'wxm-bc-skipped',
  request: 'wxm-bc-request',
} as const;
export const ACTIONS = { preview: 'wxm-bc-preview', send: 'wxm-bc-send', delete: 'wxm-bc-delete' } as const;

/** Where the buttons sit: under the column they act on. */
const PREVIEW_CONTROL = 'wxm_previewfollowerid';
const STATUS_CONTROL = 'wxm_broadcaststatus';

interface Ctx {
  xrm: Xrm;
  form: XrmFormContext;
  t: BroadcastTranslate;
  language: Language;
}

const formValues =
  (form: XrmFormContext): Values =>
  (column) =>
    form.getAttribute(column)?.getValue() ?? null;

const rowValues =
  (row: Row): Values =>
  (column) =>
    row[column] ?? null;

const when = (c: Ctx, d: Date | undefined) => formatDate(d, c.language) ?? '';

function statusLine(c: Ctx, v: BroadcastView): [level: 'INFO' | 'WARNING' | 'ERROR', message: string] {
  const { t } = c;
  switch (v.status) {
    case 'Scheduled':
      return ['INFO', t('bc.scheduled', { time: when(c, v.sendOn) })];
    case 'Sending':
      return ['INFO', t('bc.sending', { since: when(c, v.sendRequestedOn ?? v.modifiedOn) })];
    case 'AwaitingConfirmation': {
      // WeChat asks the administrator when the relay hands it the send (wxm_senton).
      const asked = v.sentOn ?? v.modifiedOn;
      return ['WARNING', t('bc.awaiting', { deadline: when(c, asked && new Date(asked.getTime() + CONFIRMATION_MS)) })];
    }
    case 'Sent':
      return ['INFO', v.sentOn ? t('bc.sentAt', { time: when(c, v.sentOn) }) : t('bc.sent')];
    case 'Failed':
      return ['ERROR', v.reason ? t('bc.failed', { reason: v.reason }) : t('bc.failedNoReason')];
    case 'Deleted':
      return ['INFO', t('bc.deleted')];
    default:
      // A schedule already past is said among the refusals instead.
      return ['INFO', v.sendOn && v.sendOn.getTime() > Date.now() ? t('bc.draftScheduled', { time: when(c, v.sendOn) }) : t('bc.draft')];
  }
}

function reachLine(c: Ctx, v: BroadcastView): string {
  const { t, language } = c;
  if (!v.reach) return t('bc.reachNever');
  const n = (x: number) => x.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
  const today = v.reach.maySendToday === false ? t('bc.mayNotSend') : t('bc.maySend');
  const time = when(c, v.reach.estimatedOn);
  return v.activePush
    ? t('bc.reachPush', { time, count: n(v.reach.count), today })
    : t('bc.reach', { time, count: n(v.reach.count), limited: n(v.reach.monthLimited), today });
}

/** Draws everything from `values` (the form's attributes, or the row just read back). */
export function show(c: Ctx, values: Values = formValues(c.form)): void {
  const { form, t, language } = c;
  const v = viewOf(values, language);
  for (const id of [ACTIONS.preview, ACTIONS.send]) withdrawAction(form, id === ACTIONS.preview ? PREVIEW_CONTROL : STATUS_CONTROL, id);
  withdrawAction(form, STATUS_CONTROL, ACTIONS.delete);
  if (form.ui.getFormType() === 1) {
    for (const id of Object.values(NOTES)) notify(form, id, 'INFO', undefined);
    return notify(form, NOTES.status, 'INFO', t('bc.new'));
  }
  const [level, message] = statusLine(c, v);
  notify(form, NOTES.status, level, message);
  // A failure the relay explained on a row that is not Failed (e.g. a refused preview) still deserves a line.
  // (Failed and AwaitingConfirmation say it in the status line; the relay's reason for the wait is the same fact.)
  const explained = v.status === 'Failed' || v.status === 'AwaitingConfirmation';
  notify(form, NOTES.request, 'WARNING', !explained && v.reason ? t('bc.reasonFromRelay', { reason: v.reason }) : undefined);
  const drafting = v.status === 'Draft';
  notify(form, NOTES.reach, v.reach?.maySendToday === false ? 'WARNING' : 'INFO', drafting || v.status === 'Scheduled' ? reachLine(c, v) : undefined);
  const refusals = drafting ? sendRefusals(v, Date.now(), t, language) : [];
  notify(form, NOTES.refusal, 'ERROR', refusals.length > 0 ? refusals.join(' ') : undefined);
  notify(form, NOTES.results, v.results && v.results.errors > 0 ? 'WARNING' : 'INFO', resultsLine(v, t, language));
  notify(form, NOTES.copyright, 'INFO', copyrightLine(v, t, language));
  notify(form, NOTES.skipped, 'INFO', v.skipped ? t('bc.skipped', { report: v.skipped }) : undefined);

  if (drafting || v.status === 'Scheduled') offerPreview(c);
  if (drafting && refusals.length === 0 && v.reach) offerSend(c, v);
  // WeChat deletes only articles and videos (mass/delete).
  if (v.status === 'Sent' && !v.activePush && (v.content === 'Article' || v.content === 'Video')) offerDelete(c, v);
  if (v.status === 'Sending' || v.status === 'AwaitingConfirmation') watch(c, v.status);
}

function offerPreview(c: Ctx): void {
  const { form, t } = c;
  offerAction(form, PREVIEW_CONTROL, ACTIONS.preview, t('bc.previewOffer'), t('bc.previewAction'), () => {
    // Read again at the click: the operator may have picked the follower since the form loaded.
    const now = viewOf(formValues(form), c.language);
    const refusals = previewRefusals(now, t);
    const target = previewTarget(now);
    if (refusals.length > 0 || !target) return notify(form, NOTES.refusal, 'ERROR', refusals.join(' '));
    notify(form, NOTES.refusal, 'ERROR', undefined);
    const who = 'openId' in target ? target.openId : (target.name ?? target.followerId);
    notify(form, NOTES.request, 'INFO', t('bc.previewRequested', { time: when(c, new Date()), who }));
    const at = stampNow();
    // Answered: the relay stamped Previewed On for this request, or wrote why not.
    const answered = (before: Row, row: Row) => secondsOf(row.wxm_previewedon) >= secondsOf(at) || reasonChanged(before, row);
    void stamp(c, previewRequest(target, at), answered).then((row) => {
      if (!row) return notify(form, NOTES.request, 'WARNING', t('bc.timeout'));
      // The relay marks a refused preview handled too, with the reason: the form shows it.
      if (secondsOf(row.wxm_previewedon) < secondsOf(at) || row.wxm_failurereason) return show(c, rowValues(row));
      notify(form, NOTES.request, 'INFO', t('bc.previewDone', { who, time: when(c, new Date()) }));
    });
  });
}

function offerSend(c: Ctx, v: BroadcastView): void {
  const { xrm, form, t, language } = c;
  const count = (v.reach?.count ?? 0).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
  const offer = v.sendOn ? t('bc.sendOfferScheduled', { count, time: when(c, v.sendOn) }) : t('bc.sendOffer', { count });
  offerAction(form, STATUS_CONTROL, ACTIONS.send, offer, t('bc.sendAction'), () => {
    void xrm.Navigation.openConfirmDialog({
      title: t('bc.sendTitle'),
      text: t('bc.sendText', { name: v.name, count, limited: (v.reach?.monthLimited ?? 0).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US') }),
      confirmButtonLabel: t('bc.sendConfirm'),
      cancelButtonLabel: t('bc.cancel'),
    }).then(({ confirmed }) => {
      if (!confirmed) return;
      withdrawAction(form, STATUS_CONTROL, ACTIONS.send);
      notify(form, NOTES.request, 'INFO', t('bc.sendRequested', { time: when(c, new Date()) }));
      void stamp(
        c,
        { wxm_sendrequestedon: stampNow() },
        (before, row) => row.wxm_broadcaststatus !== before.wxm_broadcaststatus || reasonChanged(before, row),
      ).then((row) => (row ? show(c, rowValues(row)) : notify(form, NOTES.request, 'WARNING', t('bc.timeout'))));
    });
  });
}

function offerDelete(c: Ctx, v: BroadcastView): void {
  const { xrm, form, t } = c;
  offerAction(form, STATUS_CONTROL, ACTIONS.delete, t('bc.deleteOffer'), t('bc.deleteAction'), () => {
    void xrm.Navigation.openConfirmDialog({
      title: t('bc.deleteTitle'),
      text: t('bc.deleteText', { name: v.name }),
      confirmButtonLabel: t('bc.deleteConfirm'),
      cancelButtonLabel: t('bc.cancel'),
    }).then(({ confirmed }) => {
      if (!confirmed) return;
      withdrawAction(form, STATUS_CONTROL, ACTIONS.delete);
      notify(form, NOTES.request, 'INFO', t('bc.deleteRequested', { time: when(c, new Date()) }));
      void stamp(
        c,
        { wxm_deleterequestedon: stampNow() },
        (before, row) => row.wxm_broadcaststatus !== before.wxm_broadcaststatus || reasonChanged(before, row),
      ).then((row) => (row ? show(c, rowValues(row)) : notify(form, NOTES.request, 'WARNING', t('bc.timeout'))));
    });
  });
}

const reasonChanged = (before: Row, row: Row) => (row.wxm_failurereason ?? null) !== (before.wxm_failurereason ?? null);

/**
 * Stamps `data` and reads the row until `answered` compares it with the form as it was when the button was
 * pressed (never with a row read after the stamp: a quick relay may have written already).
 */
async function stamp(c: Ctx, data: Row, answered: (before: Row, row: Row) => boolean): Promise<Row | undefined> {
  const updateRecord = c.xrm.WebApi.updateRecord;
  if (!updateRecord) return undefined;
  const values = formValues(c.form);
  const before: Row = { wxm_broadcaststatus: values('wxm_broadcaststatus'), wxm_failurereason: values('wxm_failurereason') };
  const entity = c.form.data.entity.getEntityName();
  const id = rowId(c.form);
  await updateRecord.call(c.xrm.WebApi, entity, id, data);
  return readUntil(c.xrm, entity, id, { answered: (row) => answered(before, row), everyMs: 1000, tries: 45 });
}

/** While the relay sends or WeChat waits for the administrator, the row is read again every few seconds. */
let watching = false;
function watch(c: Ctx, status: BroadcastView['status'], everyMs = 5000, tries = 360): void {
  if (watching) return;
  watching = true;
  const id = rowId(c.form);
  const entity = c.form.data.entity.getEntityName();
  void readUntil(c.xrm, entity, id, { answered: (row) => viewOf(rowValues(row), c.language).status !== status, everyMs, tries }).then(
    (row) => {
      watching = false;
      if (row) show(c, rowValues(row));
    },
    () => void (watching = false), // a failed read ends the watch; the next load of the form shows the state again
  );
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the Broadcast form script');
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const c: Ctx = { xrm, form, t: surfaceTranslator(broadcast, language), language };
  show(c);
  form.data.addOnLoad?.(() => show(c));
}

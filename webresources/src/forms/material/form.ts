/**
 * Form script of the WeChat Material form (wxm_/forms/material.js, global WechatMarketing.Material), bound to the
 * form's OnLoad in solution/src/forms/wxm_material.ts. Says where the material stands in WeChat (not yet, in WeChat
 * with its media id, URL or expiry, refused with the relay's reason in the user's language, deleted), and offers,
 * without a ribbon, as buttons of control notifications:
 * - Choose file… (Xrm.Device.pickFile): the file becomes a note on the row, and the upload is requested by stamping
 *   Upload Requested On with that note named; the form shows each step and WeChat's answer (media id, URL, or why not);
 * - Upload <file>: the note already on the row, asked for again;
 * - Delete from WeChat (permanent material and covers), after a confirmation: Delete Requested On stamped.
 * The relay re-reads the row and acts (relay/materials); the form reads the row until it answered.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/addnotification
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { userLanguage } from '../../shared/language.js';
import { formatDate, notify } from '../../shared/notify.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import type { Language } from '../../strings/index.js';
import { material, type MaterialTranslate } from '../../strings/material.js';
import { surfaceTranslator } from '../../strings/surface.js';
import { offerAction, rowId, secondsOf, withdrawAction } from '../officialaccount/actions.js';
import { deletable, MAX_BYTES, sizeText, viewOf, type MaterialView, type Values } from './model.js';
import { attach, attachedNote, chooseFile, readUntil, stamp, stampNow, type Row } from './requests.js';

export const NOTES = { status: 'wxm-mt-status', relay: 'wxm-mt-relay', progress: 'wxm-mt-progress' } as const;
export const ACTIONS = { upload: 'wxm-mt-upload', delete: 'wxm-mt-delete' } as const;

/** Where the buttons sit: Upload under the file's section, Delete under the media id. */
const FILE_CONTROL = 'wxm_annotationid';
const MEDIA_CONTROL = 'wxm_mediaid';

interface Ctx {
  xrm: Xrm;
  form: XrmFormContext;
  t: MaterialTranslate;
  language: Language;
  /** An upload or a delete is under way: no second one is offered until it answered. */
  busy: boolean;
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

function statusLine(c: Ctx, v: MaterialView, attached: string | undefined): [level: 'INFO' | 'ERROR', message: string] {
  const { t } = c;
  if (v.state === 'failed') return ['ERROR', t('mt.failed', { reason: v.reason ?? '' })];
  if (v.state === 'synced') {
    const time = when(c, v.uploadedOn);
    if (v.purpose === 'temporary') return ['INFO', t('mt.syncedTemporary', { expires: when(c, v.expiresOn), mediaId: v.mediaId ?? '' })];
    if (v.purpose === 'articleImage') return ['INFO', t('mt.syncedArticleImage', { time, url: v.url ?? '' })];
    return ['INFO', v.url ? t('mt.syncedUrl', { time, mediaId: v.mediaId ?? '', url: v.url }) : t('mt.synced', { time, mediaId: v.mediaId ?? '' })];
  }
  if (v.deletedOn && !v.mediaId) return ['INFO', t('mt.deleted', { time: when(c, v.deletedOn) })];
  return ['INFO', attached ? t('mt.noneAttached', { file: attached }) : t('mt.none')];
}

/** Draws everything from `values` (the form's attributes, or the row just read back). */
export function show(c: Ctx, values: Values = formValues(c.form)): void {
  const { form, t } = c;
  withdrawAction(form, FILE_CONTROL, ACTIONS.upload);
  withdrawAction(form, MEDIA_CONTROL, ACTIONS.delete);
  if (form.ui.getFormType() === 1) {
    for (const id of Object.values(NOTES)) notify(form, id, 'INFO', undefined);
    return notify(form, NOTES.status, 'INFO', t('mt.new'));
  }
  const v = viewOf(values, c.language);
  notify(form, NOTES.status, ...statusLine(c, v, undefined));
  // A reason on a material in WeChat (a delete that could not be done) still deserves a line. A Failed row's reason is
  // its status line; a Pending row's says what the status line and the buttons say (add a file, or it was deleted).
  notify(form, NOTES.relay, 'INFO', v.reason && v.state === 'synced' ? t('mt.relaySays', { reason: v.reason }) : undefined);
  // Read-only for this user (Operators read materials): nothing to offer.
  if (form.ui.getFormType() !== 2 || c.busy) return;
  if (deletable(v)) offerDelete(c, v);
  if (v.state === 'synced') return offerUpload(c, v, undefined);
  // Not in WeChat: a note already on the row can be uploaded as it is.
  void attachedNote(c.xrm, rowId(form)).then(
    (note) => {
      if (c.busy) return;
      if (note) notify(form, NOTES.status, ...statusLine(c, v, note.name));
      offerUpload(c, v, note);
    },
    () => offerUpload(c, v, undefined),
  );
}

function offerUpload(c: Ctx, v: MaterialView, note: { id: string; name: string } | undefined): void {
  const { form, t } = c;
  const control = form.getControl(FILE_CONTROL);
  control?.clearNotification?.(ACTIONS.upload);
  const actions = [{ message: t('mt.choose'), actions: [() => void pickAndUpload(c)] }];
  if (note) actions.push({ message: t('mt.uploadAttached', { file: note.name }), actions: [() => void upload(c, note.id, note.name)] });
  control?.addNotification?.({
    uniqueId: ACTIONS.upload,
    notificationLevel: 'RECOMMENDATION',
    messages: [v.state === 'synced' ? t('mt.replaceOffer') : t('mt.uploadOffer')],
    actions,
  });
}

async function pickAndUpload(c: Ctx): Promise<void> {
  const file = await chooseFile(c.xrm);
  if (!file) return;
  const { form, t } = c;
  if (file.bytes > MAX_BYTES) return notify(form, NOTES.progress, 'ERROR', t('mt.tooLarge', { file: file.name, size: sizeText(file.bytes) }));
  begin(c);
  notify(form, NOTES.progress, 'INFO', t('mt.attaching', { file: file.name, size: sizeText(file.bytes) }));
  let noteId: string;
  try {
    noteId = await attach(c.xrm, rowId(form), file);
  } catch (error) {
    // Dataverse refused the note (the org's attachment size limit, or no right to add notes): said as it said it.
    notify(form, NOTES.progress, 'ERROR', t('mt.attachFailed', { file: file.name, error: error instanceof Error ? error.message : String(error) }));
    return end(c);
  }
  await upload(c, noteId, file.name);
}

/** Asks the relay to upload the note `noteId` and waits for WeChat's answer on the row. */
async function upload(c: Ctx, noteId: string, name: string): Promise<void> {
  const { xrm, form, t } = c;
  begin(c);
  notify(form, NOTES.progress, 'INFO', t('mt.asking', { file: name }));
  const at = stampNow();
  const id = rowId(form);
  try {
    // The reason is cleared with the request, so any reason read back afterwards is the answer to this one.
    await stamp(xrm, id, { wxm_annotationid: noteId, wxm_uploadrequestedon: at, wxm_failurereason: null });
  } catch (error) {
    notify(form, NOTES.progress, 'ERROR', t('mt.requestFailed', { error: error instanceof Error ? error.message : String(error) }));
    return end(c);
  }
  const row = await readUntil(xrm, id, {
    answered: (r) => secondsOf(r.wxm_uploadedon) >= secondsOf(at) || typeof r.wxm_failurereason === 'string',
    tick: (seconds) => notify(form, NOTES.progress, 'INFO', t('mt.waiting', { file: name, seconds })),
  }).catch(() => undefined);
  if (!row) {
    notify(form, NOTES.progress, 'WARNING', t('mt.timeout'));
    return end(c);
  }
  // The status line above says what WeChat answered (media id, URL, or the reason); this line closes the steps.
  const uploaded = secondsOf(row.wxm_uploadedon) >= secondsOf(at) && viewOf(rowValues(row), c.language).state === 'synced';
  notify(form, NOTES.progress, uploaded ? 'INFO' : 'ERROR', t(uploaded ? 'mt.uploaded' : 'mt.refused', { file: name }));
  end(c, row);
}

function offerDelete(c: Ctx, v: MaterialView): void {
  const { xrm, form, t } = c;
  offerAction(form, MEDIA_CONTROL, ACTIONS.delete, t('mt.deleteOffer'), t('mt.deleteAction'), () => {
    void xrm.Navigation.openConfirmDialog({
      title: t('mt.deleteTitle'),
      text: t('mt.deleteText', { name: v.name, mediaId: v.mediaId ?? '' }),
      confirmButtonLabel: t('mt.deleteAction'),
      cancelButtonLabel: t('mt.cancel'),
    }).then(({ confirmed }) => (confirmed ? remove(c, v.mediaId ?? '') : undefined));
  });
}

async function remove(c: Ctx, mediaId: string): Promise<void> {
  const { xrm, form, t } = c;
  begin(c);
  notify(form, NOTES.progress, 'INFO', t('mt.deleting', { mediaId }));
  const at = stampNow();
  const id = rowId(form);
  const row = await stamp(xrm, id, { wxm_deleterequestedon: at, wxm_failurereason: null })
    // The relay stamps Deleted From WeChat On for this request whether or not WeChat could delete it.
    .then(() => readUntil(xrm, id, { answered: (r) => secondsOf(r.wxm_deletedon) >= secondsOf(at) }))
    .catch(() => undefined);
  if (!row) notify(form, NOTES.progress, 'WARNING', t('mt.timeout'));
  else if (!row.wxm_mediaid) notify(form, NOTES.progress, 'INFO', t('mt.deletedNow', { mediaId }));
  else notify(form, NOTES.progress, 'ERROR', t('mt.notDeleted'));
  end(c, row);
}

function begin(c: Ctx): void {
  c.busy = true;
  withdrawAction(c.form, FILE_CONTROL, ACTIONS.upload);
  withdrawAction(c.form, MEDIA_CONTROL, ACTIONS.delete);
}

/** Done: the row as read back is drawn, and the form's own fields are loaded again where the client can. */
function end(c: Ctx, row?: Row): void {
  c.busy = false;
  show(c, row ? rowValues(row) : formValues(c.form));
  if (row) void c.form.data.refresh?.(false);
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the Material form script');
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const c: Ctx = { xrm, form, t: surfaceTranslator(material, language), language, busy: false };
  show(c);
  form.data.addOnLoad?.(() => {
    if (!c.busy) show(c);
  });
}

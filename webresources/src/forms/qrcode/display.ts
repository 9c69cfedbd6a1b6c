/**
 * The QR display (wxm_/forms/qrcode.html): the code's image, its content URL, scene, expiry and counts, and
 * "Download PNG" (the PNG the relay fetched from WeChat's showqrcode, saved under the channel's name). Opened by
 * the QR Code form (form.ts: Xrm.Navigation.navigateTo with data `id=<row id>`) or embedded on a form with the
 * record id passed (`?id=`). Reads the row through Xrm.WebApi with the user's session; while WeChat is still
 * making the code it asks again every 3 seconds (for a minute).
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrieverecord
 */
import { h } from '../../shared/dom.js';
import { resolveLanguage } from '../../shared/language.js';
import { formatDate } from '../../shared/notify.js';
import { findXrm, type Xrm } from '../../shared/xrm.js';
import { translator, type Language, type Translate } from '../../strings/index.js';
import { COLUMNS, pngName, viewOf, type QrCodeView } from './model.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POLL_MS = 3000;
const POLLS = 20;

/** The row id from `?id=` (a form's web resource) or `?data=id%3D…` (navigateTo). */
export function rowIdOf(query: URLSearchParams): string | undefined {
  const data = new URLSearchParams(query.get('data') ?? '');
  const raw = (query.get('id') ?? data.get('id') ?? '').replace(/[{}]/g, '').toLowerCase();
  return GUID.test(raw) ? raw : undefined;
}

function render(doc: Document, view: QrCodeView, t: Translate, language: Language): HTMLElement {
  const state =
    view.state === 'failed'
      ? h(doc, 'p', { class: 'error', id: 'state' }, t('qr.failed', { reason: view.reason ?? '' }))
      : view.state === 'pending'
        ? h(doc, 'p', { class: 'muted', id: 'state' }, t('qr.pending'))
        : view.expiresOn && view.expiresOn.getTime() <= Date.now()
          ? h(doc, 'p', { class: 'error', id: 'state' }, t('qr.expired', { time: formatDate(view.expiresOn, language) ?? '' }))
          : null;
  const made = view.state === 'synced' && view.imageSrc;
  const row = (id: string, label: string, value: Node | string) => [h(doc, 'dt', {}, label), h(doc, 'dd', { id }, value)];
  return h(
    doc,
    'main',
    {},
    h(doc, 'h1', {}, view.name || t('qr.title')),
    state,
    made && h(doc, 'figure', {}, h(doc, 'img', { id: 'qr', src: view.imageSrc, alt: t('qr.alt', { name: view.name }), width: '232', height: '232' })),
    made && !view.imageStored && h(doc, 'p', { class: 'muted' }, t('qr.noImage')),
    made && h(doc, 'p', { class: 'actions' }, h(doc, 'a', { id: 'download', class: 'button', href: view.imageSrc, download: pngName(view) }, t('qr.download'))),
    h(
      doc,
      'dl',
      {},
      view.url && row('url', t('qr.url'), h(doc, 'code', {}, view.url)),
      view.scene && row('scene', t('qr.scene'), h(doc, 'code', {}, view.scene)),
      view.state === 'synced' && row('expires', t('qr.expires'), formatDate(view.expiresOn, language) ?? t('qr.permanent')),
      row('scans', t('qr.scans'), String(view.scans)),
      row('new-followers', t('qr.newFollowers'), String(view.newFollowers)),
      row('still-following', t('qr.stillFollowing'), String(view.stillFollowing)),
    ),
  );
}

async function load(doc: Document, xrm: Xrm, id: string, t: Translate, language: Language, polls = POLLS): Promise<void> {
  const retrieve = xrm.WebApi.retrieveRecord;
  const root = doc.getElementById('root')!;
  let row: Record<string, unknown>;
  try {
    if (!retrieve) throw new Error('retrieveRecord unavailable');
    row = await retrieve.call(xrm.WebApi, 'wxm_qrcode', id, `?$select=${COLUMNS.join(',')}`);
  } catch {
    root.replaceChildren(h(doc, 'main', {}, h(doc, 'p', { class: 'error', id: 'state' }, t('qr.notFound'))));
    return;
  }
  const view = viewOf((c) => row[c] ?? null, language);
  root.replaceChildren(render(doc, view, t, language));
  if (view.state === 'pending' && polls > 0) setTimeout(() => void load(doc, xrm, id, t, language, polls - 1), POLL_MS);
}

function start(): void {
  const doc = document;
  const query = new URLSearchParams(location.search);
  const xrm = findXrm(window);
  const language = resolveLanguage({ query, xrm, browserLanguages: navigator.languages });
  const t = translator(language);
  doc.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('qr.title');
  const id = rowIdOf(query);
  const root = doc.getElementById('root')!;
  if (!xrm || !id) {
    root.replaceChildren(h(doc, 'main', {}, h(doc, 'p', { class: 'error', id: 'state' }, t('qr.outside'))));
    return;
  }
  void load(doc, xrm, id, t, language);
}

start();

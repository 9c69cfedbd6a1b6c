/**
 * The view after WeChat: the values the Signed Service needs, each with a copy button, the permission sets
 * that were not granted (names in both languages), and the next step, or "already connected" when the relay
 * bound the account to this environment directly.
 */
import { copyText } from '../../shared/clipboard.js';
import { h } from '../../shared/dom.js';
import { permissionName } from '../../shared/permissions.js';
import type { Language, StringKey, Translate } from '../../strings/index.js';
import type { AuthorizationReturn } from './fragment.js';

export interface ResultContext {
  doc: Document;
  t: Translate;
  language: Language;
  /** Opens a new Signed Service form with the AppId filled in (Xrm.Navigation.openForm inside Dynamics). */
  createSignedService: ((appid: string) => void) | undefined;
  /** Back to the first view. */
  again(): void;
}

export function renderResult(root: HTMLElement, result: AuthorizationReturn, ctx: ResultContext): void {
  const { doc, t } = ctx;
  const row = (field: string, label: StringKey, value: string, copy: boolean, note?: string) => {
    const button = copy ? h(doc, 'button', { type: 'button', class: 'secondary', 'data-copy-for': field }, t('result.copy')) : null;
    button?.addEventListener('click', () => {
      void copyText(doc, value).then((ok) => {
        button.textContent = ok ? t('result.copied') : t('result.copyFailed');
      });
    });
    // Values to copy are shown as code; the account name is plain text.
    const shown = copy ? h(doc, 'code', { 'data-value': '' }, value) : h(doc, 'span', { 'data-value': '' }, value);
    return [h(doc, 'dt', {}, t(label)), h(doc, 'dd', { 'data-field': field }, shown, button, note ? h(doc, 'span', { class: 'note' }, note) : null)];
  };
  const values = h(
    doc,
    'dl',
    {},
    result.name ? row('name', 'result.name', result.name, false) : null,
    row('appid', 'result.appid', result.appid, true),
    row('originalId', 'result.originalId', result.originalId, true),
    result.bindingToken ? row('bindingToken', 'result.bindingToken', result.bindingToken, true, t('result.bindingTokenNote')) : null,
    row('serverAddress', 'result.serverAddress', result.serverAddress, true),
  );
  const permissions =
    result.missing.length > 0
      ? h(
          doc,
          'div',
          { class: 'warn', id: 'missing' },
          h(doc, 'p', {}, t('result.missingTitle')),
          h(doc, 'ul', {}, result.missing.map((id) => h(doc, 'li', { 'data-permission': String(id) }, `${permissionName(id, ctx.language)} (${id})`))),
          h(doc, 'p', {}, t('result.missingFix')),
        )
      : h(doc, 'p', { class: 'ok', id: 'all-granted' }, t('result.allGranted'));
  const next = result.boundTo
    ? h(doc, 'p', { id: 'next', 'data-bound': 'true' }, t('result.boundTo', { host: result.boundTo }))
    : h(doc, 'p', { id: 'next' }, t('result.next'));
  const actions = h(doc, 'div', { class: 'actions' });
  if (!result.boundTo) {
    if (ctx.createSignedService) {
      const create = h(doc, 'button', { type: 'button', id: 'create-signed-service' }, t('result.createSignedService'));
      create.addEventListener('click', () => ctx.createSignedService?.(result.appid));
      actions.append(create);
    } else {
      // Opened outside the app frame (the tab WeChat sent back): the record form of this same org.
      const href = `/main.aspx?pagetype=entityrecord&etn=wxm_signedservice&extraqs=${encodeURIComponent(`wxm_appid=${result.appid}`)}`;
      actions.append(h(doc, 'a', { class: 'button', id: 'create-signed-service', href }, t('result.createSignedService')));
    }
    actions.append(' ');
  }
  const again = h(doc, 'button', { type: 'button', class: 'secondary', id: 'again' }, t('result.again'));
  again.addEventListener('click', () => ctx.again());
  actions.append(again);
  root.replaceChildren(
    h(doc, 'h1', {}, t('result.title')),
    h(doc, 'section', { class: 'card', id: 'result' }, h(doc, 'p', { class: 'muted' }, t('result.keep')), values, permissions),
    h(doc, 'section', { class: 'card' }, h(doc, 'h2', {}, t('result.nextTitle')), next, actions),
  );
}

/**
 * The view after WeChat: the values the Signed Service needs, each with a copy button, the environment the
 * binding token is for, the permission sets that were not granted (names in both languages), and the next
 * step (next-step.ts): connect through this environment's Signed Service, or create one.
 */
import { copyText } from '../../shared/clipboard.js';
import { h } from '../../shared/dom.js';
import { permissionName } from '../../shared/permissions.js';
import type { Xrm } from '../../shared/xrm.js';
import type { Language, StringKey, Translate } from '../../strings/index.js';
import type { AuthorizationReturn } from './message.js';
import { renderNextStep } from './next-step.js';

export interface ResultContext {
  doc: Document;
  t: Translate;
  language: Language;
  /** Inside Dynamics: connect through a Signed Service, or open a new one (Xrm.Navigation.openForm). */
  xrm: Xrm | undefined;
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
    // Values to copy are shown as code; the account name and the environment are plain text.
    const shown = copy ? h(doc, 'code', { 'data-value': '' }, value) : h(doc, field === 'org' ? 'strong' : 'span', { 'data-value': '' }, value);
    return [h(doc, 'dt', {}, t(label)), h(doc, 'dd', { 'data-field': field }, shown, button, note ? h(doc, 'span', { class: 'note' }, note) : null)];
  };
  const values = h(
    doc,
    'dl',
    {},
    row('org', 'result.org', new URL(result.org).host, false, t('result.orgNote')),
    result.name ? row('name', 'result.name', result.name, false) : null,
    row('appid', 'result.appid', result.appid, true),
    row('originalId', 'result.originalId', result.originalId, true),
    row('bindingToken', 'result.bindingToken', result.bindingToken, true, t('result.bindingTokenNote')),
    row('serverAddress', 'result.serverAddress', result.serverAddress, true),
  );
  const permissions =
    result.missing.length > 0
      ? h(
          doc,
          'div',
          { class: 'warn', id: 'missing' },
          h(doc, 'p', {}, t('result.missingTitle')),
          h(
            doc,
            'ul',
            {},
            result.missing.map((id) => h(doc, 'li', { 'data-permission': String(id) }, `${permissionName(id, ctx.language)} (${id})`)),
          ),
          h(doc, 'p', {}, t('result.missingFix')),
        )
      : h(doc, 'p', { class: 'ok', id: 'all-granted' }, t('result.allGranted'));
  const next = h(doc, 'div', { id: 'next-step' });
  const again = h(doc, 'button', { type: 'button', class: 'secondary', id: 'again' }, t('result.again'));
  again.addEventListener('click', () => ctx.again());
  root.replaceChildren(
    h(doc, 'h1', {}, t('result.title')),
    h(doc, 'section', { class: 'card', id: 'result' }, h(doc, 'p', { class: 'muted' }, t('result.keep')), values, permissions),
    h(doc, 'section', { class: 'card' }, h(doc, 'h2', {}, t('result.nextTitle')), next),
  );
  renderNextStep(next, result, ctx, again);
}

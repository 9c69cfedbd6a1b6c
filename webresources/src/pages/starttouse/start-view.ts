/**
 * The first view: what the service is, the account type, the original ID (checked as typed, with where to
 * find it), and the button that opens the relay's authorization start in a new tab (with this page as its
 * opener, which the result needs to come back).
 */
import { h } from '../../shared/dom.js';
import { authorizeUrl, checkOriginalId, type AccountKind } from '../../shared/relay.js';
import type { Translate } from '../../strings/index.js';

export interface StartContext {
  doc: Document;
  t: Translate;
  /** Resolves to the relay base URL, or rejects with the text to show (already translated). */
  relayUrl: Promise<string>;
  /** Where the relay's "back" link should land (this page, on this org's origin). */
  returnUrl: string;
  /** The environment Start To Use was opened from (Xrm's client URL), when inside Dynamics. */
  orgUrl: string | undefined;
  mobile: boolean;
  /** window.open (keeping the opener), injected so the page can tell a blocked pop-up. */
  open(url: string): boolean;
  /** Filled in when opened for one account (Update authorization on its form); the admin can still change it. */
  originalId?: string | undefined;
}

export function renderStart(root: HTMLElement, ctx: StartContext): void {
  const { doc, t } = ctx;
  const id = (name: string) => `start-${name}`;
  const radio = (value: AccountKind, text: string, hint?: string) =>
    h(
      doc,
      'label',
      {},
      h(doc, 'input', { type: 'radio', name: 'accountType', value, checked: value === 'officialaccount' }),
      text,
      hint ? h(doc, 'span', { class: 'muted' }, `(${hint})`) : null,
    );
  const input = h(doc, 'input', {
    type: 'text',
    id: id('originalid'),
    name: 'originalId',
    placeholder: 'gh_…',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id('where')} ${id('error')}`,
  });
  if (ctx.originalId) input.value = ctx.originalId;
  const where = h(doc, 'p', { class: 'hint', id: id('where') }, t('start.whereOfficialAccount'));
  const error = h(doc, 'p', { class: 'error', id: id('error'), role: 'alert' });
  const button = h(doc, 'button', { type: 'submit', id: 'authorize', disabled: true }, t('start.authorize'));
  const status = h(doc, 'p', { class: 'muted', id: id('status') }, t('start.loadingRelay'));
  const fallback = h(doc, 'p', { id: id('fallback') });
  const form = h(
    doc,
    'form',
    { class: 'card', novalidate: true },
    h(
      doc,
      'fieldset',
      { class: 'choices' },
      h(doc, 'legend', {}, t('start.accountType')),
      radio('officialaccount', t('start.officialAccount'), t('start.officialAccountHint')),
      radio('miniprogram', t('start.miniProgram')),
    ),
    h(doc, 'label', { class: 'field', for: input.id }, t('start.originalId')),
    input,
    where,
    error,
    h(doc, 'div', { class: 'actions' }, button),
    h(doc, 'p', { class: 'note' }, t('start.authorizeNote')),
    status,
    fallback,
  );
  root.replaceChildren(
    h(doc, 'h1', {}, t('start.title')),
    h(doc, 'p', {}, t('start.intro')),
    h(doc, 'p', {}, t('start.how')),
    h(doc, 'p', { class: 'muted' }, t('start.steps')),
    form,
  );

  const accountType = (): AccountKind =>
    (form.querySelector('input[name=accountType]:checked') as HTMLInputElement | null)?.value === 'miniprogram' ? 'miniprogram' : 'officialaccount';
  form.addEventListener('change', () => {
    where.textContent = accountType() === 'miniprogram' ? t('start.whereMiniProgram') : t('start.whereOfficialAccount');
  });
  const showProblem = (problem: string | undefined) => {
    error.textContent = problem ?? '';
    if (problem) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  // Once a wrong ID was shown, re-check as the admin corrects it.
  input.addEventListener('input', () => {
    if (!input.hasAttribute('aria-invalid')) return;
    const check = checkOriginalId(input.value);
    showProblem(check.ok ? undefined : t(check.problem === 'required' ? 'start.originalIdRequired' : 'start.originalIdInvalid'));
  });

  let relay: string | undefined;
  ctx.relayUrl.then(
    (url) => {
      relay = url;
      status.textContent = '';
      button.disabled = false;
    },
    (reason: unknown) => {
      status.className = 'error';
      status.textContent = reason instanceof Error ? reason.message : String(reason);
    },
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!relay) return;
    const check = checkOriginalId(input.value);
    if (!check.ok) {
      showProblem(t(check.problem === 'required' ? 'start.originalIdRequired' : 'start.originalIdInvalid'));
      input.focus();
      return;
    }
    showProblem(undefined);
    input.value = check.originalId;
    const url = authorizeUrl(relay, {
      originalId: check.originalId,
      accountType: accountType(),
      returnUrl: ctx.returnUrl,
      orgUrl: ctx.orgUrl,
      mobile: ctx.mobile,
    });
    fallback.replaceChildren();
    if (ctx.open(url)) {
      fallback.append(t('start.waiting'));
      return;
    }
    // rel=opener: the relay's result page hands the result back to this page through window.opener.
    fallback.append(
      t('start.popupBlocked'),
      ' ',
      h(doc, 'a', { href: url, target: '_blank', rel: 'opener', referrerpolicy: 'no-referrer' }, t('start.openLink')),
    );
  });
}

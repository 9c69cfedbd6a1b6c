/**
 * Bind WeChat (wxm_/pages/binding.html): a single-use binding QR code for a contact, a lead or the signed-in user,
 * and that person's bindings. Opened from the sitemap (Audience → Bind WeChat: "bind my WeChat", or a contact or
 * lead chosen here), embedded on a Contact, Lead or User form as a web resource (typename + id), or by
 * Xrm.Navigation.navigateTo with `data` (target.ts). Everything goes through Xrm.WebApi with the user's session.
 */
import { h } from '../../shared/dom.js';
import { resolveLanguage } from '../../shared/language.js';
import { findXrm } from '../../shared/xrm.js';
import { translator, type Translate } from '../../strings/index.js';
import { listAccounts, personName, type Account } from './api.js';
import { BindingsPanel } from './bindings-panel.js';
import { CodePanel } from './code-panel.js';
import { openedFor, type PersonKind, type Target } from './target.js';
import { asBindingXrm, currentUserId, type BindingXrm } from './xrm-binding.js';

interface Page {
  doc: Document;
  root: HTMLElement;
  xrm: BindingXrm;
  t: Translate;
  locale: string;
}

const HEADINGS: Record<PersonKind, 'bind.forMe' | 'bind.forContact' | 'bind.forLead'> = {
  systemuser: 'bind.forMe',
  contact: 'bind.forContact',
  lead: 'bind.forLead',
};

async function render(p: Page, target: Target, fixed: boolean, accounts: Account[]): Promise<void> {
  const { doc, t, xrm } = p;
  const name = await personName(xrm, target);
  const code = new CodePanel({ doc, xrm, t, locale: p.locale, onBound: () => void bindings.load(target) });
  const bindings = new BindingsPanel({ doc, xrm, t, locale: p.locale });
  const accountSelect = h(
    doc,
    'select',
    { id: 'account' },
    accounts.map((a) => h(doc, 'option', { value: a.id }, a.name)),
  );
  const show = h(doc, 'button', { type: 'button', id: 'show' }, t('bind.show'));
  show.addEventListener('click', () => {
    const account = accounts.find((a) => a.id === accountSelect.value) ?? accounts[0];
    if (!account) return;
    show.textContent = t('bind.again');
    void code.show(account, target, name);
  });
  const intro = target.kind === 'systemuser' ? t('bind.forMeIntro') : t('bind.forCustomerIntro', { name });
  const parts: (HTMLElement | null)[] = [
    h(doc, 'h1', {}, t(HEADINGS[target.kind])),
    fixed || target.kind !== 'systemuser' ? h(doc, 'p', { id: 'person' }, h(doc, 'strong', {}, name)) : null,
    fixed ? null : whoChooser(p, target, accounts),
    h(
      doc,
      'section',
      { class: 'card' },
      h(doc, 'p', {}, intro),
      accounts.length === 0
        ? h(doc, 'p', { class: 'warn', id: 'no-account' }, t('bind.noAccount'))
        : [
            // One account: nothing to choose, so nothing shown.
            accounts.length > 1 ? h(doc, 'label', { class: 'field', for: 'account' }, t('bind.account')) : null,
            accounts.length > 1 ? accountSelect : null,
            h(doc, 'div', { class: 'actions' }, show),
            code.element,
          ],
    ),
    bindings.element,
  ];
  p.root.replaceChildren(...parts.filter((n): n is HTMLElement => n !== null));
  await bindings.load(target);
}

/** From the sitemap: me, or a contact or lead picked with the platform's lookup dialog. */
function whoChooser(p: Page, current: Target, accounts: Account[]): HTMLElement {
  const { doc, t, xrm } = p;
  const pick = (kind: 'contact' | 'lead') => {
    const button = h(
      doc,
      'button',
      { type: 'button', class: 'secondary', id: `choose-${kind}` },
      t(kind === 'contact' ? 'bind.chooseContact' : 'bind.chooseLead'),
    );
    button.addEventListener('click', () => {
      void xrm.Utility.lookupObjects?.({ entityTypes: [kind], defaultEntityType: kind, allowMultiSelect: false }).then((chosen) => {
        const id = chosen[0]?.id.replace(/[{}]/g, '').toLowerCase();
        if (id) void render(p, { kind, id }, false, accounts);
      });
    });
    return button;
  };
  const me = h(doc, 'button', { type: 'button', class: 'secondary', id: 'choose-me' }, t('bind.forMe'));
  me.addEventListener('click', () => void render(p, { kind: 'systemuser', id: currentUserId(xrm) }, false, accounts));
  return h(doc, 'p', { class: 'who', id: 'who', 'data-kind': current.kind }, h(doc, 'span', {}, t('bind.who')), me, pick('contact'), pick('lead'));
}

function start(win: Window): void {
  const doc = win.document;
  const root = doc.getElementById('app');
  if (!root) return;
  const query = new URLSearchParams(win.location.search);
  const found = findXrm(win);
  const language = resolveLanguage({ query, xrm: found, browserLanguages: win.navigator.languages ?? [win.navigator.language] });
  const t = translator(language);
  doc.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('bind.title');
  const xrm = asBindingXrm(found);
  const fail = (text: string) => root.replaceChildren(h(doc, 'h1', {}, t('bind.title')), h(doc, 'p', { class: 'error', role: 'alert' }, text));
  if (!xrm) return fail(t('bind.outside'));
  const opened = openedFor(query, currentUserId(xrm));
  if ('refused' in opened) return fail(opened.refused === 'not-me' ? t('bind.onlyMe') : t('bind.outside'));
  const p: Page = { doc, root, xrm, t, locale: language === 'zh' ? 'zh-CN' : 'en-US' };
  listAccounts(xrm)
    .then((accounts) => render(p, opened.target, opened.fixed, accounts))
    .catch((error: unknown) => fail(t('bind.error', { message: error instanceof Error ? error.message : String(error) })));
}

start(window);

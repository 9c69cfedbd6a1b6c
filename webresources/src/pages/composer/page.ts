/**
 * The composer's page: the account and template pickers, one row per field (its source: typed text or a column of
 * the record), the link, whom to send to, today's quota, what stands in the way of sending, and the card as WeChat
 * shows it. `refresh` follows every input without drawing the inputs again (the operator keeps the focus).
 */
import { h } from '../../shared/dom.js';
import { formatDate } from '../../shared/notify.js';
import type { Xrm } from '../../shared/xrm.js';
import type { Language } from '../../strings/index.js';
import type { ComposerTranslate } from '../../strings/composer.js';
import { checkTemplateValues } from '../../../../functions/src/relay/templates/rules.js';
import type * as data from './data.js';
import { templateFields, type ColumnSource, type TemplateField } from './fields.js';
import type { RecordRef } from './opened.js';
import { card } from './preview.js';
import { quotaRefusal, type TemplateQuota } from './quota.js';

export interface State {
  xrm: Xrm;
  t: ComposerTranslate;
  language: Language;
  record: RecordRef | undefined;
  about: string;
  sources: ColumnSource[];
  recordFollowers: data.Follower[];
  accounts: data.Account[];
  account: data.Account | undefined;
  templates: data.Template[];
  template: data.Template | undefined;
  fields: TemplateField[];
  values: Record<string, string>;
  link: string;
  mode: 'follower' | 'view';
  views: data.View[];
  viewFollowers: data.Follower[] | undefined;
  quota: TemplateQuota;
  sending: boolean;
}

/** What the page's controls do (main.ts). */
export interface Actions {
  chooseAccount(s: State, id: string): void;
  chooseView(s: State, id: string): void;
  send(s: State): void;
}

export const root = () => document.getElementById('root')!;
export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

/** Who gets a row: followers of this account who follow it and have not blocked its template messages. */
export function recipients(s: State): { send: data.Follower[]; other: number; blocked: number } {
  const pool = s.mode === 'follower' ? s.recordFollowers : (s.viewFollowers ?? []);
  const mine = pool.filter((f) => f.accountId === s.account?.id && f.following);
  const send = mine.filter((f) => !f.templateBlocked);
  return { send, other: pool.length - mine.length, blocked: mine.length - send.length };
}

export function problems(s: State): string[] {
  if (!s.template) return [];
  return checkTemplateValues(s.fields, s.values).map((p) => p.reason[s.language]);
}

/** The preview, the rule problems, whom to, the quota and the Send button: everything that follows the inputs. */
export function refresh(s: State): void {
  const { t } = s;
  const n = (v: number) => v.toLocaleString(s.language === 'zh' ? 'zh-CN' : 'en-US');
  const found = s.template ? checkTemplateValues(s.fields, s.values) : [];
  for (const el of document.querySelectorAll<HTMLElement>('[data-problem]')) {
    const mine = found.filter((p) => p.field === el.dataset.problem).map((p) => p.reason[s.language]);
    el.textContent = mine.join(' ');
  }
  const preview = byId('preview');
  if (preview && s.template && s.account)
    preview.replaceWith(
      card(
        document,
        {
          account: s.account.name,
          title: s.template.name,
          fields: s.fields,
          values: s.values,
          link: s.link || undefined,
          problems: new Set(found.map((p) => p.field)),
          now: new Date(),
          language: s.language,
        },
        t,
      ),
    );
  const who = recipients(s);
  const count = byId('view-count');
  if (count)
    count.textContent =
      s.mode === 'view' && s.viewFollowers
        ? `${t('tc.viewCount', { count: n(who.send.length + who.blocked), other: n(who.other) })}${who.blocked ? ` ${t('tc.blocked', { count: n(who.blocked) })}` : ''}`
        : s.mode === 'follower' && who.blocked
          ? t('tc.blocked', { count: n(who.blocked) })
          : '';
  const quota = byId('quota');
  if (quota)
    quota.textContent = s.quota.known
      ? t('tc.quota', {
          remaining: n(s.quota.remaining),
          limit: n(s.quota.limit),
          time: formatDate(s.quota.checkedOn, s.language) ?? '',
          queued: n(s.quota.queued),
        })
      : t('tc.quotaUnknown');
  const refusals = [...problems(s)];
  const over = quotaRefusal(s.quota, who.send.length);
  if (over?.kind === 'over') refusals.push(t('tc.quotaRefused', { count: n(who.send.length), remaining: n(over.remaining) }));
  if (over?.kind === 'unknown') refusals.push(t('tc.quotaUnknownRefused', { count: n(who.send.length) }));
  if (s.template && who.send.length === 0) {
    const unfollowed = s.mode === 'follower' ? s.recordFollowers.find((f) => f.accountId === s.account?.id && !f.following) : undefined;
    if (unfollowed) refusals.push(t('tc.unfollowed', { name: unfollowed.name }));
    else if (who.blocked > 0) refusals.push(t('tc.blocked', { count: n(who.blocked) }));
    else refusals.push(t(s.mode === 'follower' ? 'tc.noFollower' : 'tc.noRecipients'));
  }
  const list = byId('problems');
  if (list) {
    list.replaceChildren(...refusals.map((r) => h(document, 'li', {}, r)));
    list.previousElementSibling?.toggleAttribute('hidden', refusals.length === 0);
  }
  const send = byId<HTMLButtonElement>('send');
  if (send) {
    send.textContent = t('tc.send', { count: n(who.send.length) });
    send.disabled = s.sending || !s.template || refusals.length > 0 || who.send.length === 0;
  }
}

function fieldRow(s: State, field: TemplateField): HTMLElement {
  const { t } = s;
  const name = field.label ?? field.key;
  const input = h(document, 'input', { type: 'text', id: `field-${field.key}`, 'data-field': field.key, value: s.values[field.key] ?? '' });
  const source = h(
    document,
    'select',
    { 'data-source': field.key, 'aria-label': t('tc.source', { label: name }) },
    h(document, 'option', { value: '' }, t('tc.typed')),
    s.sources.map((c) => h(document, 'option', { value: c.column }, `${t('tc.fromColumn', { column: c.column })}: ${c.value}`)),
  );
  source.onchange = () => {
    const chosen = s.sources.find((c) => c.column === source.value);
    if (chosen) input.value = chosen.value;
    s.values[field.key] = input.value;
    refresh(s);
  };
  input.oninput = () => {
    s.values[field.key] = input.value;
    refresh(s);
  };
  return h(
    document,
    'div',
    { class: 'field' },
    h(document, 'label', { for: `field-${field.key}` }, `${name} (${field.key})`),
    source,
    input,
    h(document, 'p', { class: 'problem', 'data-problem': field.key }),
  );
}

export function draw(s: State, actions: Actions): void {
  const { t } = s;
  const accountSelect = h(
    document,
    'select',
    { id: 'account' },
    s.accounts.map((a) => h(document, 'option', { value: a.id, selected: a.id === s.account?.id }, a.name)),
  );
  accountSelect.onchange = () => actions.chooseAccount(s, accountSelect.value);
  const templateSelect = h(
    document,
    'select',
    { id: 'template' },
    h(document, 'option', { value: '' }, t('tc.chooseTemplate')),
    s.templates.map((tp) => h(document, 'option', { value: tp.id, selected: tp.id === s.template?.id }, tp.name)),
  );
  templateSelect.onchange = () => {
    s.template = s.templates.find((tp) => tp.id === templateSelect.value);
    s.fields = s.template ? templateFields(s.template.fields) : [];
    s.values = {};
    draw(s, actions);
  };
  const link = h(document, 'input', { type: 'url', id: 'link', value: s.link });
  link.oninput = () => {
    s.link = link.value.trim();
    refresh(s);
  };
  const follower = s.recordFollowers.find((f) => f.accountId === s.account?.id);
  const radio = (mode: State['mode'], label: string, disabled: boolean) => {
    const input = h(document, 'input', { type: 'radio', name: 'mode', id: `mode-${mode}`, value: mode, checked: s.mode === mode, disabled });
    input.onchange = () => {
      s.mode = mode;
      draw(s, actions);
    };
    return h(document, 'label', { class: 'radio', for: `mode-${mode}` }, input, label);
  };
  const viewSelect = h(
    document,
    'select',
    { id: 'view', disabled: s.mode !== 'view' },
    h(document, 'option', { value: '' }, t('tc.chooseView')),
    s.views.map((v) => h(document, 'option', { value: v.id }, v.name)),
  );
  viewSelect.onchange = () => actions.chooseView(s, viewSelect.value);
  const send = h(document, 'button', { id: 'send', type: 'button' });
  send.onclick = () => actions.send(s);

  root().replaceChildren(
    h(
      document,
      'main',
      {},
      h(document, 'h1', {}, t('tc.title')),
      s.record && h(document, 'p', { class: 'about muted', id: 'about' }, t('tc.about', { record: s.about })),
      h(
        document,
        'section',
        { id: 'compose' },
        h(document, 'label', { for: 'account' }, t('tc.account')),
        accountSelect,
        h(document, 'label', { for: 'template' }, t('tc.template')),
        s.templates.length > 0 ? templateSelect : h(document, 'p', { class: 'error', id: 'no-templates' }, t('tc.noTemplates')),
        s.template &&
          h(
            document,
            'fieldset',
            { id: 'fields' },
            h(document, 'legend', {}, t('tc.fields')),
            s.fields.map((f) => fieldRow(s, f)),
          ),
        h(document, 'label', { for: 'link' }, t('tc.link')),
        link,
        h(
          document,
          'fieldset',
          { id: 'recipients' },
          h(document, 'legend', {}, t('tc.recipients')),
          radio('follower', follower ? t('tc.toFollower', { name: follower.name }) : t('tc.noFollower'), !follower),
          radio('view', t('tc.toView'), false),
          viewSelect,
          h(document, 'p', { class: 'muted', id: 'view-count' }),
        ),
        h(document, 'p', { class: 'muted', id: 'quota' }),
        h(document, 'p', { class: 'error', hidden: true }, t('tc.rulesFailed')),
        h(document, 'ul', { class: 'problems error', id: 'problems' }),
        send,
      ),
      h(document, 'aside', {}, h(document, 'label', {}, t('tc.preview')), h(document, 'div', { id: 'preview' })),
      h(document, 'section', { id: 'result' }),
    ),
  );
  refresh(s);
}

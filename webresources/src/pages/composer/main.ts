/**
 * The template composer (wxm_/pages/composer.html): pick one of the account's templates, fill each field from the
 * opened record's columns or typed text, see the message as WeChat shows it, have the values checked with the
 * relay's own rules (functions/src/relay/templates/rules.ts), and send it to the record's follower or to a view's
 * followers: one wxm_templatemessage row each, never more than today's template quota allows.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { h } from '../../shared/dom.js';
import { resolveLanguage } from '../../shared/language.js';
import { findXrm } from '../../shared/xrm.js';
import { surfaceTranslator } from '../../strings/surface.js';
import { composer } from '../../strings/composer.js';
import * as data from './data.js';
import { columnSources, recordName } from './fields.js';
import { openedFor, recordUrl, regardingOf } from './opened.js';
import { byId, draw, problems, recipients, refresh, root, type Actions, type State } from './page.js';
import { quotaRefusal, templateQuota } from './quota.js';
import { watchDelivery } from './result.js';
import { createMessages } from './send.js';

const ACTIONS: Actions = {
  chooseAccount: (s, id) => void chooseAccount(s, id),
  chooseView: (s, id) => void chooseView(s, id),
  send: (s) => void sendAll(s),
};

async function loadQuota(s: State): Promise<void> {
  const a = s.account;
  let since = 0;
  const checked = typeof a?.quotaCheckedOn === 'string' ? a.quotaCheckedOn : undefined;
  if (a && checked) since = await data.createdSince(s.xrm, a.id, checked);
  s.quota = templateQuota(a?.quotaReport, a?.quotaCheckedOn, since, Date.now());
}

async function chooseAccount(s: State, id: string): Promise<void> {
  s.account = s.accounts.find((a) => a.id === id);
  s.templates = s.account ? await data.templatesOf(s.xrm, s.account.id) : [];
  s.template = undefined;
  s.fields = [];
  s.values = {};
  if (!s.recordFollowers.some((f) => f.accountId === s.account?.id)) s.mode = 'view';
  await loadQuota(s);
  draw(s, ACTIONS);
}

async function chooseView(s: State, id: string): Promise<void> {
  s.viewFollowers = undefined;
  const count = byId('view-count');
  if (count) count.textContent = s.t('tc.viewLoading');
  s.viewFollowers = id ? await data.viewFollowers(s.xrm, id) : undefined;
  refresh(s);
}

async function sendAll(s: State): Promise<void> {
  const who = recipients(s).send;
  if (!s.template || !s.account || problems(s).length > 0 || quotaRefusal(s.quota, who.length)) return;
  s.sending = true;
  refresh(s);
  const result = byId('result')!;
  result.replaceChildren(h(document, 'p', { class: 'muted', id: 'result-state' }, s.t('tc.sending', { count: who.length })));
  const message = {
    template: s.template,
    accountId: s.account.id,
    values: Object.fromEntries(s.fields.map((f) => [f.key, s.values[f.key] ?? ''])),
    url: s.link || undefined,
    regarding: s.record && regardingOf(s.record),
    about: s.about || s.template.name,
  };
  const created = await createMessages(s.xrm, message, who);
  await loadQuota(s);
  s.sending = false;
  refresh(s);
  watchDelivery(s.xrm, result, created, s.t, s.language);
}

async function start(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const xrm = findXrm(window);
  const language = resolveLanguage({ query, xrm, browserLanguages: navigator.languages });
  const t = surfaceTranslator(composer, language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = t('tc.title');
  const opened = openedFor(query);
  const fail = (key: 'tc.outside' | 'tc.badRecord') =>
    root().replaceChildren(h(document, 'main', {}, h(document, 'p', { class: 'error', id: 'state' }, t(key))));
  if (!xrm) return fail('tc.outside');
  if ('refused' in opened) return fail('tc.badRecord');
  root().replaceChildren(h(document, 'p', { class: 'muted', id: 'state' }, t('tc.loading')));
  const s: State = {
    xrm,
    t,
    language,
    record: opened.record,
    about: '',
    sources: [],
    recordFollowers: [],
    accounts: [],
    account: undefined,
    templates: [],
    template: undefined,
    fields: [],
    values: {},
    link: '',
    mode: 'follower',
    views: [],
    viewFollowers: undefined,
    quota: { known: false },
    sending: false,
  };
  try {
    if (opened.record) {
      const row = await data.readRecord(xrm, opened.record);
      s.about = recordName(row) ?? opened.record.id;
      s.sources = columnSources(row);
      s.recordFollowers = await data.followersOf(xrm, opened.record, row);
      s.link = recordUrl(xrm.Utility.getGlobalContext().getClientUrl(), opened.record);
    }
    [s.accounts, s.views] = await Promise.all([data.accounts(xrm), data.followerViews(xrm)]);
  } catch {
    return fail('tc.badRecord');
  }
  const first = s.recordFollowers.find((f) => f.following)?.accountId ?? s.accounts[0]?.id ?? '';
  await chooseAccount(s, first);
}

void start();

/**
 * Start To Use (wxm_/pages/starttouse.html). Inside the app it reads the relay address from wxm_RelayUrl and the
 * user's language from Xrm; opened elsewhere (the tab the relay sends back, or a test harness) it takes
 * `?lang=` and `?relay=`. A URL fragment from the relay switches it to the result view.
 */
import { resolveLanguage } from '../../shared/language.js';
import { readRelayUrl } from '../../shared/relay.js';
import { findXrm, type Xrm } from '../../shared/xrm.js';
import { translator, type Translate } from '../../strings/index.js';
import { parseReturn, returnUrlOf } from './fragment.js';
import { renderResult } from './result-view.js';
import { renderStart } from './start-view.js';

function relayUrl(xrm: Xrm | undefined, query: URLSearchParams, t: Translate): Promise<string> {
  // Inside Dynamics only the environment variable counts, so a crafted link cannot point admins elsewhere.
  if (!xrm) {
    const override = query.get('relay')?.trim().replace(/\/+$/, '');
    return override ? Promise.resolve(override) : Promise.reject(new Error(t('start.outsideDynamics')));
  }
  return readRelayUrl(xrm).then(
    (url) => {
      if (!url) throw new Error(t('start.relayMissing'));
      return url;
    },
    (error: unknown) => {
      throw new Error(t('start.relayUnreadable', { message: error instanceof Error ? error.message : String(error) }));
    },
  );
}

function start(win: Window): void {
  const doc = win.document;
  const root = doc.getElementById('app');
  if (!root) return;
  const query = new URLSearchParams(win.location.search);
  const xrm = findXrm(win);
  const language = resolveLanguage({ query, xrm, browserLanguages: win.navigator.languages ?? [win.navigator.language] });
  const t = translator(language);
  doc.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('start.title');

  const showStart = () =>
    renderStart(root, {
      doc,
      t,
      relayUrl: relayUrl(xrm, query, t),
      returnUrl: returnUrlOf(win.location.href, language),
      orgUrl: xrm?.Utility.getGlobalContext().getClientUrl(),
      mobile: xrm?.Utility.getGlobalContext().client?.getFormFactor() === 3,
      open: (url) => {
        const tab = win.open('about:blank', '_blank');
        if (!tab) return false;
        // The pages in that tab must not be able to navigate this one.
        tab.opener = null;
        tab.location.href = url;
        return true;
      },
    });

  const result = parseReturn(win.location.hash);
  if (!result) {
    showStart();
    return;
  }
  // The binding token should not stay in the address bar, the history or a bookmark.
  win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
  const navigation = xrm?.Navigation;
  renderResult(root, result, {
    doc,
    t,
    language,
    createSignedService: navigation?.openForm ? (appid) => void navigation.openForm?.({ entityName: 'wxm_signedservice' }, { wxm_appid: appid }) : undefined,
    again: showStart,
  });
}

start(window);

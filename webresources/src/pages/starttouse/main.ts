/**
 * Start To Use (wxm_/pages/starttouse.html). Inside the app it reads the relay address from wxm_RelayUrl and the
 * user's language from Xrm; opened elsewhere (a test harness, or the web resource's own URL) it takes `?lang=`
 * and `?relay=`. The relay's tab hands the result back by postMessage; only a message from the relay's origin
 * with a result for this org switches the page to the result view.
 */
import { resolveLanguage } from '../../shared/language.js';
import { checkOriginalId, readRelayUrl } from '../../shared/relay.js';
import { findXrm, type Xrm } from '../../shared/xrm.js';
import { translator, type Translate } from '../../strings/index.js';
import { originOf, parseResultMessage, RECEIVED_MESSAGE_TYPE, returnUrlOf } from './message.js';
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

/**
 * The account to authorize again, when the Official Account form opened this page (Xrm.Navigation.navigateTo passes
 * its `data` as `?data=originalId=gh_…`); only a well-formed original ID is taken.
 */
function presetOriginalId(query: URLSearchParams): string | undefined {
  const value = new URLSearchParams(query.get('data') ?? '').get('originalId') ?? '';
  const check = checkOriginalId(value);
  return check.ok ? check.originalId : undefined;
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
  const relay = relayUrl(xrm, query, t);

  const showStart = () =>
    renderStart(root, {
      doc,
      t,
      relayUrl: relay,
      returnUrl: returnUrlOf(win.location.href, language),
      orgUrl: xrm?.Utility.getGlobalContext().getClientUrl(),
      mobile: xrm?.Utility.getGlobalContext().client?.getFormFactor() === 3,
      // No "noopener"/"noreferrer" (noreferrer implies noopener): the result comes back through window.opener.
      // The page's referrer policy (no-referrer) keeps its address from the relay all the same.
      open: (url) => win.open(url, '_blank') !== null,
      originalId: presetOriginalId(query),
    });

  relay.then(
    (url) => {
      const relayOrigin = originOf(url);
      if (!relayOrigin) return;
      win.addEventListener('message', (event) => {
        const result = parseResultMessage(event, relayOrigin, win.location.origin);
        if (!result) return;
        // Lets the relay's tab close itself; addressed to the relay's origin only.
        (event.source as Window | null)?.postMessage({ type: RECEIVED_MESSAGE_TYPE }, relayOrigin);
        renderResult(root, result, { doc, t, language, xrm, again: showStart });
      });
    },
    () => undefined, // the start view shows why there is no relay
  );
  showStart();
}

start(window);

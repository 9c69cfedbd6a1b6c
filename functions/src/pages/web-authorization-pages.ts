/**
 * The pages a follower sees after web authorization (their phone, inside WeChat): what a `bind=` link did, their
 * own profile (name, following, which kinds of record they are linked to), or why nothing happened. One language
 * per page (pages/web-authorization-texts.ts). Same security headers as every relay page (pages/html.ts): no
 * script, no framing, no referrer (the URL carries WeChat's code and our state), no caching.
 */
import type { WebAuthorizationRefusal, WebAuthorizationResult } from '../relay/oauth/web-authorization.js';
import { html, page, raw, type Raw, type RelayPage } from './html.js';
import { BINDING_TEXTS, PERSON_TEXTS, PROFILE_TEXTS, REFUSAL_TEXTS, UNAVAILABLE, type PageLanguage } from './web-authorization-texts.js';

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** pages/html.ts writes `lang="zh-CN"` (its pages are bilingual, Chinese first); these pages are in one language. */
function inLanguage(p: RelayPage, language: PageLanguage): RelayPage {
  return language === 'zh' ? p : { ...p, html: p.html.replace('<html lang="zh-CN">', '<html lang="en">') };
}

const dateOf = (iso: string, language: PageLanguage) => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Beijing time: the followers are in China, and a phone page has no time zone of its own to offer.
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(d);
};

function bindingSection(result: WebAuthorizationResult, l: PageLanguage): Raw {
  if (!result.binding) return raw('');
  const status = result.binding.status;
  const key = status === 'unknown' || status === 'not-binding' || status === 'no-person' ? 'invalid' : status;
  const texts = BINDING_TEXTS[key];
  const person = result.binding.person ? PERSON_TEXTS[result.binding.person][l] : '';
  const cls = key === 'bound' ? 'org' : 'warn';
  return html`<section class="${cls}" id="binding" data-status="${key}"><h1>${texts.title[l]}</h1><p>${fill(texts.detail[l], { person })}</p></section>`;
}

function profileSection(result: WebAuthorizationResult, l: PageLanguage): Raw {
  const T = PROFILE_TEXTS;
  if (!result.saved) return html`<p class="warn" id="not-connected">${T.notConnected[l]}</p>`;
  const profile = result.profile;
  if (!profile) return html`<p class="warn" id="not-synced">${T.notSynced[l]}</p>`;
  const name = result.nickname ?? profile.name;
  const following = profile.following === undefined ? raw('') : html`<dt>${T.following[l]}</dt><dd>${profile.following ? T.yes[l] : T.no[l]}</dd>`;
  // Outside the <dl>: the shared style breaks definition values anywhere (for long ids), which would split dates.
  const bindings = profile.bindings.length
    ? html`<ul id="bindings">${profile.bindings.map((b) => html`<li data-kind="${b.kind}">${PERSON_TEXTS[b.kind][l]}${b.boundOn ? html` · ${fill(T.since[l], { date: dateOf(b.boundOn, l) })}` : raw('')}</li>`)}</ul>`
    : html`<p id="bindings">${T.none[l]}</p>`;
  return html`<section id="profile"><h2>${T.title[l]}</h2><dl><dt>${T.name[l]}</dt><dd id="name">${name ?? T.noName[l]}</dd>${following}</dl><h2>${T.bindings[l]}</h2>${bindings}</section>`;
}

export function renderWebAuthorizationResult(result: WebAuthorizationResult, language: PageLanguage): RelayPage {
  const title = result.binding ? bindingTitle(result, language) : PROFILE_TEXTS.title[language];
  return inLanguage(page(title, html`<main id="web-authorization">${bindingSection(result, language)}${profileSection(result, language)}</main>`), language);
}

function bindingTitle(result: WebAuthorizationResult, l: PageLanguage): string {
  const s = result.binding?.status;
  const key = s === 'bound' || s === 'used' || s === 'expired' || s === 'no-follower' ? s : 'invalid';
  return BINDING_TEXTS[key].title[l];
}

export function renderWebAuthorizationRefusal(reason: WebAuthorizationRefusal, language: PageLanguage): RelayPage {
  const t = REFUSAL_TEXTS[reason];
  return inLanguage(
    page(t.title[language], html`<main class="error" id="refused" data-reason="${reason}"><h1>${t.title[language]}</h1><p>${t.detail[language]}</p></main>`),
    language,
  );
}

export function renderWebAuthorizationUnavailable(language: PageLanguage): RelayPage {
  return inLanguage(
    page(
      UNAVAILABLE.title[language],
      html`<main class="error" id="unavailable"><h1>${UNAVAILABLE.title[language]}</h1><p>${UNAVAILABLE.detail[language]}</p></main>`,
    ),
    language,
  );
}

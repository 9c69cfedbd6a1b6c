/**
 * Which of our two languages to show. Inside Dynamics the user's UI language decides
 * (userSettings.languageId, an LCID); the harness and a page opened outside the app use `?lang=`, the
 * `UserLCID` a sitemap passes, or the browser's language. Chinese LCIDs: 2052 (PRC), 1028 (Taiwan),
 * 3076 (Hong Kong), 5124 (Macao), 4100 (Singapore); every other language gets English.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/usersettings
 */
import type { Language } from '../strings/index.js';
import type { Xrm } from './xrm.js';

const CHINESE_LCIDS = new Set([2052, 1028, 3076, 5124, 4100]);

export function languageFromLcid(lcid: number): Language {
  return CHINESE_LCIDS.has(lcid) ? 'zh' : 'en';
}

/** `zh`, `zh-CN`, `en-US`, `2052`… → a language; anything else → undefined. */
export function languageFromTag(tag: string | null | undefined): Language | undefined {
  const value = (tag ?? '').trim().toLowerCase();
  if (/^\d+$/.test(value)) return languageFromLcid(Number(value));
  if (value === 'zh' || value.startsWith('zh-')) return 'zh';
  if (value === 'en' || value.startsWith('en-')) return 'en';
  return undefined;
}

function queryValue(query: URLSearchParams, name: string): string | null {
  for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return null;
}

export function resolveLanguage(input: { query: URLSearchParams; xrm?: Xrm | undefined; browserLanguages: readonly string[] }): Language {
  const override = languageFromTag(queryValue(input.query, 'lang'));
  if (override) return override;
  const lcid = input.xrm?.Utility.getGlobalContext().userSettings.languageId;
  if (typeof lcid === 'number' && lcid > 0) return languageFromLcid(lcid);
  const passed = languageFromTag(queryValue(input.query, 'UserLCID'));
  if (passed) return passed;
  for (const tag of input.browserLanguages) {
    const language = languageFromTag(tag);
    if (language) return language;
  }
  return 'en';
}

/** Language of a form script: always the user's Dynamics language. */
export function userLanguage(xrm: Xrm): Language {
  return languageFromLcid(xrm.Utility.getGlobalContext().userSettings.languageId);
}

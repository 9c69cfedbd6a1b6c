/**
 * Every text the web resources show, in English and Chinese. Each surface keeps its own file; this module
 * joins them and formats `{placeholder}`s. A key missing in either language does not compile, and a test
 * (test/browser/webresources/strings.test.ts) checks the joined tables too.
 */
import { officialAccount } from './officialaccount.js';
import { followerSync } from './followersync.js';
import { signedService } from './signedservice.js';
import { startToUse } from './starttouse.js';
import { binding } from './binding.js';
import { qrCode } from './qrcode.js';
import { removal } from './removal.js';
import { broadcast } from './broadcast.js';
import { composer } from './composer.js';
import { material } from './material.js';

export type Language = 'en' | 'zh';

export const LANGUAGES: readonly Language[] = ['en', 'zh'];

/**
 * Surfaces with their own translator (surface.ts): their texts stay out of STRINGS, so the other bundles do not
 * carry them. Their keys are still unique across every surface.
 */
export const SEPARATE_SURFACES = { broadcast, composer, material } as const;

/** Each surface's tables, kept apart so a test can see a key defined twice. */
export const SURFACES = { startToUse, signedService, officialAccount, binding, followerSync, removal, qrCode, broadcast, composer, material } as const;

export const STRINGS = {
  en: { ...startToUse.en, ...signedService.en, ...officialAccount.en, ...binding.en, ...followerSync.en, ...removal.en, ...qrCode.en },
  zh: { ...startToUse.zh, ...signedService.zh, ...officialAccount.zh, ...binding.zh, ...followerSync.zh, ...removal.zh, ...qrCode.zh },
} as const;

export type StringKey = keyof typeof STRINGS.en;

export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

/** A translator for one language; an unknown placeholder is left visible rather than silently dropped. */
export function translator(language: Language): Translate {
  const table: Record<StringKey, string> = STRINGS[language];
  return (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export { surfaceTranslator, type SurfaceTranslate } from './surface.js';

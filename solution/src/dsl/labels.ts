/**
 * Labels in the two languages the solution ships: English (1033) and Simplified Chinese (2052).
 * Every display name, description, form tab, view and sitemap title is a Label, so a missing
 * translation is a compile error here and a pack error for anything built at run time.
 */

export type Lcid = 1033 | 2052;

/** The languages every label must carry, in the order they are written to XML. */
export const LANGUAGES: readonly Lcid[] = [1033, 2052];

export interface Label {
  readonly 1033: string;
  readonly 2052: string;
}

/** `label('Message', '消息')`: English first, then Chinese. */
export function label(en: string, zh: string): Label {
  return { 1033: en, 2052: zh };
}

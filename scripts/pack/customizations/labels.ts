/** Label lists in both languages, in the shapes customizations.xml uses. */
import { LANGUAGES, type Label } from '../../../solution/src/dsl/labels.js';
import { el, type XmlElement } from '../xml.js';

/** e.g. `labels('displaynames', 'displayname', label)` → `<displaynames><displayname description=… languagecode="1033" />…`. */
export function labels(container: string, item: string, text: Label): XmlElement {
  return el(
    container,
    {},
    LANGUAGES.map((lcid) => el(item, { description: text[lcid], languagecode: lcid })),
  );
}

/** Sitemap titles: `<Titles><Title LCID="1033" Title="…" />…`. */
export function titles(text: Label): XmlElement {
  return el(
    'Titles',
    {},
    LANGUAGES.map((lcid) => el('Title', { LCID: lcid, Title: text[lcid] })),
  );
}

export const INTRODUCED_VERSION = '1.0.0.0';

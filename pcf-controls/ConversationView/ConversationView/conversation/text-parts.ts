/**
 * A message text as plain runs and web links, so links are clickable without ever rendering the text as HTML.
 * Emoji are ordinary characters and pass through untouched (surrogate pairs included).
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string; text: string };

// Stops at whitespace, quotes, angle brackets and CJK punctuation WeChat users put right after a URL.
const URL_PATTERN = /https?:\/\/[^\s<>"'，。！？、；：（）【】]+/g;
const TRAILING = /[.,;:!?)\]]+$/;

export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const href = match[0].replace(TRAILING, '');
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', href, text: href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

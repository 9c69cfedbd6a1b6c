/**
 * Fast path for the shape of nearly every WeChat payload: one root holding distinct leaf elements whose
 * content is CDATA sections or plain text without markup or entities:
 *   <xml><ToUserName><![CDATA[gh_…]]></ToUserName>\n<CreateTime>1715943329</CreateTime>…</xml>
 * It is a recogniser for that strict subset only: anything else (attributes, nesting, repeated names,
 * entities, comments, declarations, odd whitespace, reserved property names) returns undefined and the caller
 * falls back to the validating fast-xml-parser path, which also decides every error. Its output equals that
 * path's output for every document it accepts (see flat.test.ts), at a fraction of the cost.
 */
import type { XmlRecord } from './types.js';

const CDATA_OPEN = '<![CDATA[';

export function parseFlatXml(text: string): XmlRecord | undefined {
  let at = skipSpace(text, 0);
  const root = openTag(text, at);
  if (!root) return undefined;
  at = root.end;
  const out: XmlRecord = {};
  for (;;) {
    at = skipSpace(text, at);
    if (text.startsWith('</', at)) {
      const end = closeTag(text, at, root.name);
      return end !== -1 && skipSpace(text, end) === text.length ? out : undefined;
    }
    const tag = openTag(text, at);
    if (!tag || reserved(tag.name) || Object.prototype.hasOwnProperty.call(out, tag.name)) return undefined;
    const value = content(text, tag.end);
    if (!value) return undefined;
    const end = closeTag(text, value.end, tag.name);
    if (end === -1) return undefined;
    out[tag.name] = value.text;
    at = end;
  }
}

function content(text: string, from: number): { text: string; end: number } | undefined {
  if (text.startsWith(CDATA_OPEN, from)) {
    // One or more adjacent CDATA sections (a writer splits "]]>" across two).
    let value: string | undefined;
    let at = from;
    while (text.startsWith(CDATA_OPEN, at)) {
      const close = text.indexOf(']]>', at + CDATA_OPEN.length);
      if (close === -1) return undefined;
      const part = text.slice(at + CDATA_OPEN.length, close);
      value = value === undefined ? part : value + part;
      at = close + 3;
    }
    return { text: value ?? '', end: at };
  }
  const lt = text.indexOf('<', from);
  if (lt === -1) return undefined;
  // Entities and surrounding whitespace are the slow path's business (decoding, trimming rules).
  if (lt > from && (isSpaceLike(text.charCodeAt(from)) || isSpaceLike(text.charCodeAt(lt - 1)))) return undefined;
  const raw = text.slice(from, lt);
  if (raw.includes('&') || raw.includes(']]>')) return undefined;
  return { text: raw, end: lt };
}

/** Conservative: every code point String#trim could remove (and then some) sends the text to the slow path. */
function isSpaceLike(c: number): boolean {
  return (
    c <= 32 ||
    (c >= 0x7f && c <= 0xa0) ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function openTag(text: string, at: number): { name: string; end: number } | undefined {
  if (text.charCodeAt(at) !== 60 /* < */ || !isNameChar(text.charCodeAt(at + 1), true)) return undefined;
  let end = at + 2;
  while (isNameChar(text.charCodeAt(end), false)) end++;
  return text.charCodeAt(end) === 62 /* > */ ? { name: text.slice(at + 1, end), end: end + 1 } : undefined;
}

/** [A-Za-z_] to start, then also [0-9.-]. */
function isNameChar(c: number, first: boolean): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return true;
  return !first && ((c >= 48 && c <= 57) || c === 46 || c === 45);
}

/** Index after `</name>`, or -1. */
function closeTag(text: string, at: number, name: string): number {
  const expected = `</${name}>`;
  return text.startsWith(expected, at) ? at + expected.length : -1;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** Names the slow path refuses or renames (prototype pollution guards). */
function reserved(name: string): boolean {
  return name in Object.prototype || name === 'prototype';
}

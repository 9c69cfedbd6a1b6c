/**
 * Builds the small XML documents WeChat expects back (passive replies, encrypted reply envelopes):
 * strings in CDATA, numbers bare, arrays as repeated elements, `undefined` fields left out.
 *
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import type { XmlBuildRecord, XmlBuildValue } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Characters XML 1.0 forbids everywhere, CDATA included; WeChat would reject the whole reply for one of them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** `<xml>…</xml>` (or another root name) around the given fields, in insertion order. */
export function buildXml(rootFields: XmlBuildRecord, rootName = 'xml'): string {
  return element(rootName, rootFields);
}

/**
 * A CDATA section holding `text` exactly. `]]>` cannot appear inside one section, so it is split across two
 * (`]]` ends the first, `>` starts the next); a parser joins them back.
 */
export function cdata(text: string): string {
  const clean = text.replace(FORBIDDEN_CHARS, '');
  return `<![CDATA[${clean.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: XmlBuildValue): string {
  if (!NAME.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  return `<${name}>${content(value as Exclude<XmlBuildValue, undefined | readonly unknown[]>)}</${name}>`;
}

function content(value: string | number | XmlBuildRecord): string {
  if (typeof value === 'string') return cdata(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} into XML`);
    return String(value);
  }
  return Object.keys(value)
    .map((name) => element(name, value[name]))
    .join('');
}

/**
 * Hardened XML parsing for WeChat callbacks, on fast-xml-parser.
 *
 * Why so defensive: the outer envelope arrives unauthenticated (the signature covers only `Encrypt`), and the
 * decrypted plaintext carries a user's free text. So: a byte limit first, then no DTD of any kind (no entity
 * expansion, no external entities), then a strict well-formedness check, and only then the parse.
 * Values stay strings (MsgId is a 64-bit integer) and CDATA is returned byte for byte.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { MAX_CALLBACK_BYTES } from '../../kernel/limits.js';
import { WechatXmlError } from './errors.js';
import { parseFlatXml } from './flat.js';
import type { XmlRecord } from './types.js';

export const DEFAULT_MAX_XML_BYTES = MAX_CALLBACK_BYTES;

export interface ParseXmlOptions {
  /** Largest accepted document, in UTF-8 bytes. Default 64 KiB. */
  maxBytes?: number;
}

/** Only XML's five predefined entities; numeric character references are decoded too (fast-xml-parser does
 *  that when given a named-entity table). HTML names such as `&nbsp;` are left as written. */
const XML_ENTITIES = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true, // trims text between elements only; CDATA content is kept exactly
  cdataPropName: false,
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: XML_ENTITIES as unknown as boolean, // typed as boolean, but a table is accepted (see above)
  maxNestedTags: 32,
} satisfies X2jOptions);

/**
 * Parses a document with a single root element and returns the root's children
 * (`<xml><Encrypt>…</Encrypt></xml>` → `{ Encrypt: '…' }`). Empty elements are `''`.
 * Throws WechatXmlError: `too-large`, `doctype` (any `<!DOCTYPE`/`<!ENTITY`/… declaration) or `malformed`.
 */
export function parseXml(text: string, opts: ParseXmlOptions = {}): XmlRecord {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (typeof text !== 'string') throw new WechatXmlError('malformed', 'XML input must be a string');
  if (exceeds(text, maxBytes)) throw new WechatXmlError('too-large', `XML is larger than ${maxBytes} bytes`);
  if (hasMarkupDeclaration(text)) {
    throw new WechatXmlError('doctype', 'XML with a DOCTYPE or entity declaration is refused');
  }
  return parseFlatXml(text) ?? parseValidated(text);
}

/** The general path: strict well-formedness check, then fast-xml-parser. Exported for equivalence tests. */
export function parseValidated(text: string): XmlRecord {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new WechatXmlError('malformed', `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    // e.g. an element named __proto__ or constructor, refused by the parser to prevent prototype pollution.
    throw new WechatXmlError('malformed', `XML could not be parsed: ${err instanceof Error ? err.message : 'unknown'}`);
  }
  return rootChildren(doc);
}

function rootChildren(doc: Record<string, unknown>): XmlRecord {
  const names = Object.keys(doc);
  if (names.length !== 1) throw new WechatXmlError('malformed', 'XML must have exactly one root element');
  const root = doc[names[0] as string];
  if (root === '') return {};
  if (typeof root === 'string') throw new WechatXmlError('malformed', 'the root element holds text, not elements');
  if (Array.isArray(root) || typeof root !== 'object' || root === null) {
    throw new WechatXmlError('malformed', 'XML must have exactly one root element');
  }
  return root as XmlRecord;
}

/** UTF-8 size check without encoding the common small case: a UTF-16 unit is 1 to 3 UTF-8 bytes. */
function exceeds(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}

/**
 * True when the document holds `<!` markup other than CDATA sections and comments: DOCTYPE, ENTITY, ELEMENT,
 * ATTLIST… CDATA is skipped because a user's message may legitimately contain the text `<!DOCTYPE`.
 */
export function hasMarkupDeclaration(text: string): boolean {
  let at = text.indexOf('<!');
  while (at !== -1) {
    let close: number;
    if (text.startsWith('<![CDATA[', at)) close = endOf(text, ']]>', at + 9);
    else if (text.startsWith('<!--', at)) close = endOf(text, '-->', at + 4);
    else return true;
    if (close === -1) return false; // unterminated: the well-formedness check reports it
    at = text.indexOf('<!', close);
  }
  return false;
}

function endOf(text: string, terminator: string, from: number): number {
  const i = text.indexOf(terminator, from);
  return i === -1 ? -1 : i + terminator.length;
}

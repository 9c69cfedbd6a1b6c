/**
 * The XML subset WeChat speaks: a `<xml>` root, elements with CDATA or numbers, nested elements for replies
 * (`<Image><MediaId/></Image>`, `<Articles><item/></Articles>`). Own tiny parser so the simulator needs no
 * dependency that the relay also uses.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

/** Wraps text in CDATA; a literal `]]>` is split across two sections as XML requires. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export interface XmlFields {
  [name: string]: string | number | undefined | XmlFields | XmlFields[];
}

/** `<xml>` with one element per defined field: numbers bare (CreateTime, MsgId), strings in CDATA, objects nested. */
export function buildXml(fields: XmlFields, root = 'xml'): string {
  return `<${root}>${buildInner(fields)}</${root}>`;
}

function buildInner(fields: XmlFields): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out += value.map((item) => `<${name}>${buildInner(item)}</${name}>`).join('');
    else if (typeof value === 'object') out += `<${name}>${buildInner(value)}</${name}>`;
    else if (typeof value === 'number') out += `<${name}>${value}</${name}>`;
    else out += `<${name}>${cdata(value)}</${name}>`;
  }
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** Parses a document and returns the children of its root element (the root's name is in `rootName`). */
export function parseXml(xml: string): { rootName: string; fields: XmlObject } {
  const parser = new Parser(xml);
  parser.skipProlog();
  const { name, value } = parser.element();
  parser.skipMisc();
  if (!parser.done()) throw new XmlParseError('content after the root element');
  return { rootName: name, fields: typeof value === 'string' ? {} : (value as XmlObject) };
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  done(): boolean {
    return this.pos >= this.src.length;
  }

  skipProlog(): void {
    this.skipMisc();
    if (this.src.startsWith('<?', this.pos)) this.pos = this.indexOrFail('?>', this.pos) + 2;
    this.skipMisc();
  }

  skipMisc(): void {
    for (;;) {
      while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos += 1;
      if (this.src.startsWith('<!--', this.pos)) this.pos = this.indexOrFail('-->', this.pos) + 3;
      else return;
    }
  }

  element(): { name: string; value: XmlValue } {
    const open = /^<([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/.exec(this.src.slice(this.pos));
    if (!open) throw new XmlParseError(`expected an element at offset ${this.pos}`);
    const name = open[1] as string;
    this.pos += open[0].length;
    if (open[3] === '/') return { name, value: '' };
    let text = '';
    const children: XmlObject = {};
    let hasChildren = false;
    for (;;) {
      if (this.done()) throw new XmlParseError(`<${name}> is not closed`);
      if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.indexOrFail(']]>', this.pos);
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<!--', this.pos)) {
        this.pos = this.indexOrFail('-->', this.pos) + 3;
      } else if (this.src.startsWith('</', this.pos)) {
        const close = `</${name}>`;
        if (!this.src.startsWith(close, this.pos)) throw new XmlParseError(`expected ${close} at offset ${this.pos}`);
        this.pos += close.length;
        return { name, value: hasChildren ? children : text };
      } else if (this.src[this.pos] === '<') {
        const child = this.element();
        hasChildren = true;
        const existing = children[child.name];
        if (existing === undefined) children[child.name] = child.value;
        else if (Array.isArray(existing)) existing.push(child.value);
        else children[child.name] = [existing, child.value];
      } else {
        const next = this.src.indexOf('<', this.pos);
        const end = next === -1 ? this.src.length : next;
        text += decodeEntities(this.src.slice(this.pos, end));
        this.pos = end;
      }
    }
  }

  private indexOrFail(token: string, from: number): number {
    const at = this.src.indexOf(token, from);
    if (at === -1) throw new XmlParseError(`missing ${token}`);
    return at;
  }
}

/** Reads a leaf as a string; nested values and absent fields give undefined. */
export function textField(fields: XmlObject, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

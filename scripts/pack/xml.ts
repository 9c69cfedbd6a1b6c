/**
 * A tiny XML writer: element trees rendered with two-space indentation, escaped text and
 * attributes in the order given. Output is byte-stable, which deterministic packing needs.
 */

export type XmlChild = XmlElement | string | number | undefined | null | false;

export interface XmlElement {
  name: string;
  attrs: [string, string][];
  children: XmlElement[];
  /** Text content (elements carry either text or children). */
  text?: string;
}

type AttrValue = string | number | boolean | undefined;

/** `el('Name', { LocalizedName: 'x' }, 'text')` or `el('tabs', {}, el('tab', …), …)`. */
export function el(name: string, attrs: Record<string, AttrValue> = {}, ...children: (XmlChild | XmlChild[])[]): XmlElement {
  const element: XmlElement = {
    name,
    attrs: Object.entries(attrs)
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
    children: [],
  };
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') element.text = (element.text ?? '') + String(child);
    else element.children.push(child);
  }
  if (element.text !== undefined && element.children.length > 0) throw new Error(`<${name}> cannot mix text and elements`);
  return element;
}

/** `<Name>text</Name>`; booleans become 1/0 as Dataverse exports write them. */
export function leaf(name: string, value: string | number | boolean): XmlElement {
  return el(name, {}, typeof value === 'boolean' ? (value ? '1' : '0') : value);
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\r/g, '&#xD;').replace(/\n/g, '&#xA;').replace(/\t/g, '&#x9;');
}

function renderElement(element: XmlElement, indent: string, lines: string[]): void {
  const attrs = element.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (element.children.length === 0) {
    if (element.text === undefined) lines.push(`${indent}<${element.name}${attrs} />`);
    else lines.push(`${indent}<${element.name}${attrs}>${escapeText(element.text)}</${element.name}>`);
    return;
  }
  lines.push(`${indent}<${element.name}${attrs}>`);
  for (const child of element.children) renderElement(child, `${indent}  `, lines);
  lines.push(`${indent}</${element.name}>`);
}

/** The document as UTF-8 text without a byte-order mark, with an XML declaration and CRLF-free lines. */
export function renderXml(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  renderElement(root, '', lines);
  return `${lines.join('\n')}\n`;
}

/** Serializes an element without declaration (for XML stored inside another document's text). */
export function renderFragment(root: XmlElement): string {
  const lines: string[] = [];
  renderElement(root, '', lines);
  return lines.join('\n');
}

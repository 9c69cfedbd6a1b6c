/**
 * [Content_Types].xml of the OPC package: a default per file extension present, and an override
 * for each control manifest (as the Nx PCF packer and community builders write it).
 */
import { el, renderXml } from './xml.js';

const CONTENT_TYPES: Record<string, string> = {
  xml: 'text/xml',
  html: 'text/html',
  htm: 'text/html',
  js: 'application/octet-stream',
  css: 'text/css',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  resx: 'application/octet-stream',
  json: 'application/json',
};

export function contentTypesXml(entries: string[]): string {
  const extensions = [...new Set(entries.map((e) => (e.includes('.') ? e.slice(e.lastIndexOf('.') + 1).toLowerCase() : '')))]
    .filter((ext) => ext !== '')
    .sort();
  const overrides = entries.filter((e) => /^Controls\/[^/]+\/ControlManifest\.xml$/.test(e)).sort();
  return renderXml(
    el(
      'Types',
      { xmlns: 'http://schemas.openxmlformats.org/package/2006/content-types' },
      extensions.map((ext) => el('Default', { Extension: ext, ContentType: CONTENT_TYPES[ext] ?? 'application/octet-stream' })),
      overrides.map((e) => el('Override', { PartName: `/${e}`, ContentType: 'application/octet-stream' })),
    ),
  );
}

/** Helpers shared by the pack tests: the loaded definitions (cloned per test), unzip and XML parsing. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { DEFAULT_REPO_ROOT, loadSolutionSource, type SolutionSource } from '../../solution/tooling/load.js';

export const XSD = path.resolve(DEFAULT_REPO_ROOT, 'test/reference/dataverse-xsd/CustomizationsSolution.xsd');

/**
 * Elements every current export carries that the 9.0 schema predates (real-export-constructs.test.ts checks where
 * and with which values they appear): the attributes' search settings, the app module's state and navigation
 * fields, the sitemap's navigation settings. Only these are taken out before validating; the rest stays strict.
 */
export const NEWER_THAN_9_0 = [
  'AutoNumberFormat',
  'IsSearchable',
  'IsFilterable',
  'IsRetrievable',
  'IsLocalizable',
  'OptimizedFor',
  'statecode',
  'statuscode',
  'NavigationType',
  'EnableCollapsibleGroups',
  'ShowHome',
  'ShowPinned',
  'ShowRecents',
] as const;

/** The document without the NEWER_THAN_9_0 leaf elements (the packer writes each on its own line). */
export function withoutNewerElements(xml: string): string {
  const names = NEWER_THAN_9_0.join('|');
  return xml.replace(new RegExp(`^[ ]*<(${names})(?: />|>[^<]*</\\1>)\n`, 'gm'), '');
}

/** xmllint's complaints about the document against the 9.0 schema ('' when it validates). */
export function xsdErrors(xml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wxm-xsd-'));
  try {
    const file = path.join(dir, 'customizations.xml');
    writeFileSync(file, withoutNewerElements(xml));
    return execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let loaded: Promise<SolutionSource> | undefined;

/** A fresh, mutable copy of the repository's definitions (plain data, so structuredClone is exact). */
export async function cloneSource(): Promise<SolutionSource> {
  loaded ??= loadSolutionSource();
  return structuredClone(await loaded);
}

/**
 * Drops the forms' scripts, for tests that pack a scratch repository whose manifest lists only the
 * Start To Use page (the real forms load libraries the real manifest lists).
 */
export function withoutFormScripts(source: SolutionSource): SolutionSource {
  for (const file of source.forms) {
    for (const form of file.def.forms) {
      delete form.libraries;
      delete form.events;
    }
  }
  return source;
}

export function unzip(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files).map(([name, content]) => [name, new TextDecoder().decode(content)]));
}

/** Entry names in the order they are stored in the zip's central directory. */
export function zipEntryOrder(bytes: Uint8Array): string[] {
  return Object.keys(unzipSync(bytes));
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Elements that repeat are always arrays, so tests index them the same way whatever the count.
  isArray: (name) =>
    [
      'Entity',
      'attribute',
      'Role',
      'RolePrivilege',
      'EntityKey',
      'AttributeName',
      'optionset',
      'option',
      'label',
      'displayname',
      'Description',
      'LocalizedName',
      'LocalizedCollectionName',
      'savedquery',
      'systemform',
      'forms',
      'Area',
      'Group',
      'SubArea',
      'Title',
      'AppModuleComponent',
      'EntityRelationship',
      'FieldSecurityProfile',
      'FieldPermission',
      'RootComponent',
      'WebResource',
      'CustomControl',
      'Language',
      'Default',
      'Override',
      'tab',
      'section',
      'row',
      'cell',
      'condition',
      'customControl',
      'controlDescription',
    ].includes(name),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseXml(text: string): any {
  return parser.parse(text);
}

/** Helpers shared by the pack tests: the loaded definitions (cloned per test), unzip and XML parsing. */
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { loadSolutionSource, type SolutionSource } from '../../solution/tooling/load.js';

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
      'Entity', 'attribute', 'Role', 'RolePrivilege', 'EntityKey', 'AttributeName', 'optionset', 'option', 'label', 'displayname',
      'Description', 'LocalizedName', 'LocalizedCollectionName', 'savedquery', 'systemform', 'forms', 'Area', 'Group', 'SubArea', 'Title',
      'AppModuleComponent', 'EntityRelationship', 'FieldSecurityProfile', 'FieldPermission', 'RootComponent', 'WebResource',
      'CustomControl', 'Language', 'Default', 'Override', 'tab', 'section', 'row', 'cell', 'condition', 'customControl', 'controlDescription',
    ].includes(name),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseXml(text: string): any {
  return parser.parse(text);
}

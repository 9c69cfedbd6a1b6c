/**
 * Web resources come from webresources/manifest.json (owned by the web resource work): each entry
 * names the Dataverse web resource and the file under webresources/ that holds it. Pack fails when
 * a listed file is missing, naming the manifest entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Label } from '../../solution/src/dsl/labels.js';
import { SolutionDefinitionError, type Problem } from '../../solution/tooling/errors.js';
import { missingLabels } from '../../solution/tooling/validate-labels.js';

export const WEB_RESOURCE_MANIFEST = 'webresources/manifest.json';

/** webresource.webresourcetype by file extension (1 HTML, 2 CSS, 3 JS, 4 XML, 5 PNG, 6 JPG, 7 GIF, 9 XSL, 10 ICO, 11 SVG, 12 RESX). */
const TYPES: Record<string, number> = { html: 1, htm: 1, css: 2, js: 3, xml: 4, png: 5, jpg: 6, jpeg: 6, gif: 7, xsl: 9, xslt: 9, ico: 10, svg: 11, resx: 12 };

export interface WebResource {
  name: string;
  /** Path relative to the repository root. */
  file: string;
  displayName: Label;
  description: Label;
  type: number;
  content: Uint8Array;
}

interface ManifestEntry {
  name?: unknown;
  file?: unknown;
  displayName?: Label;
  description?: Label;
}

export function loadWebResources(repoRoot: string, prefix: string): WebResource[] {
  const manifestPath = path.join(repoRoot, WEB_RESOURCE_MANIFEST);
  if (!existsSync(manifestPath)) return [];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { webResources?: ManifestEntry[] };
  const problems: Problem[] = [];
  const resources: WebResource[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of (manifest.webResources ?? []).entries()) {
    const element = `webResources[${index}]${typeof entry.name === 'string' ? ` ${entry.name}` : ''}`;
    if (typeof entry.name !== 'string' || !entry.name.startsWith(`${prefix}_`)) {
      problems.push({ file: WEB_RESOURCE_MANIFEST, element, message: `name must be a string starting with "${prefix}_"` });
      continue;
    }
    if (seen.has(entry.name.toLowerCase()))
      problems.push({ file: WEB_RESOURCE_MANIFEST, element, message: `duplicate web resource schema name "${entry.name}"` });
    seen.add(entry.name.toLowerCase());
    if (typeof entry.file !== 'string') {
      problems.push({ file: WEB_RESOURCE_MANIFEST, element, message: 'file is missing' });
      continue;
    }
    const file = `webresources/${entry.file}`;
    const type = TYPES[path.extname(entry.file).slice(1).toLowerCase()];
    if (type === undefined) problems.push({ file: WEB_RESOURCE_MANIFEST, element, message: `unsupported file type "${entry.file}"` });
    problems.push(...missingLabels(WEB_RESOURCE_MANIFEST, { displayName: entry.displayName ?? {}, description: entry.description ?? {} }, element));
    const absolute = path.join(repoRoot, file);
    if (!existsSync(absolute)) {
      problems.push({ file: WEB_RESOURCE_MANIFEST, element, message: `web resource file ${file} does not exist` });
      continue;
    }
    if (type === undefined || !entry.displayName || !entry.description) continue;
    resources.push({ name: entry.name, file, displayName: entry.displayName, description: entry.description, type, content: readFileSync(absolute) });
  }
  if (problems.length > 0) throw new SolutionDefinitionError(problems);
  return resources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

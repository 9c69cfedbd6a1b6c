/**
 * Builds WechatMarketing.zip (unmanaged) and WechatMarketing_managed.zip from solution/src, the
 * web resources listed in webresources/manifest.json and any built PCF controls. Validation runs
 * first; any problem stops the pack with the file and element to fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSolutionSource, DEFAULT_REPO_ROOT, type SolutionSource } from '../../solution/tooling/load.js';
import { assertValidSource } from '../../solution/tooling/validate.js';
import { contentTypesXml } from './content-types.js';
import { loadBuiltControls, withControlVersion, type BuiltControl } from './controls.js';
import { customizationsXml, webResourceEntry } from './customizations/index.js';
import { environmentVariableFiles } from './environment-variables.js';
import { solutionXml } from './solution-xml.js';
import { loadWebResources, type WebResource } from './webresources.js';
import { renderXml } from './xml.js';
import { deterministicZip } from './zip.js';

export interface SolutionPackages {
  version: string;
  unmanaged: Uint8Array;
  managed: Uint8Array;
  /** Entry names in zip order (the same in both zips). */
  entries: string[];
  customizationsXml: string;
  webResources: WebResource[];
  controls: BuiltControl[];
}

/** x.y.z from package.json → x.y.z.0, the four-part version Dataverse expects. */
export function solutionVersion(packageVersion: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(packageVersion))
    throw new Error(`package.json version "${packageVersion}" must be x.y.z (digits only) to become a solution version`);
  return `${packageVersion}.0`;
}

export function readPackageVersion(repoRoot: string): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return solutionVersion(pkg.version ?? '');
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export function buildPackages(source: SolutionSource, version: string): SolutionPackages {
  const { prefix } = source.publisher.def;
  const webResources = loadWebResources(source.repoRoot, prefix);
  const controls = loadBuiltControls(source.repoRoot, prefix).map((c) => withControlVersion(c, version));
  assertValidSource(source, {
    forPack: true,
    webResources: new Set(webResources.map((r) => r.name)),
    customControls: new Set(controls.map((c) => c.name)),
  });
  const customizations = renderXml(customizationsXml(source, webResources, controls));
  const shared: [string, Uint8Array][] = [
    ['customizations.xml', utf8(customizations)],
    ...webResources.map((r): [string, Uint8Array] => [webResourceEntry(r), r.content]),
    ...controls.flatMap((c) => c.files.map((f): [string, Uint8Array] => [`Controls/${c.name}/${f.path}`, f.content])),
    ...environmentVariableFiles(source.environmentVariables.map((v) => v.def)).map(([name, text]): [string, Uint8Array] => [name, utf8(text)]),
  ];
  const names = ['solution.xml', ...shared.map(([name]) => name)];
  const contentTypes: [string, Uint8Array] = ['[Content_Types].xml', utf8(contentTypesXml(names))];
  const zip = (managed: boolean) =>
    deterministicZip([['solution.xml', utf8(renderXml(solutionXml(source, version, managed, webResources, controls)))], ...shared, contentTypes]);
  return {
    version,
    unmanaged: zip(false),
    managed: zip(true),
    entries: [...names, contentTypes[0]],
    customizationsXml: customizations,
    webResources,
    controls,
  };
}

/** Loads the definitions from the repository and builds both packages. */
export async function packRepository(repoRoot: string = DEFAULT_REPO_ROOT): Promise<SolutionPackages> {
  const source = await loadSolutionSource(repoRoot);
  return buildPackages(source, readPackageVersion(repoRoot));
}

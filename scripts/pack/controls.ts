/**
 * Built PCF controls: every `pcf-controls/<project>/out/controls/<Control>/ControlManifest.xml`
 * that pcf-scripts writes. The packer ships the whole folder as `Controls/<prefix>_<ns>.<ctor>/`
 * and fails when a file the manifest lists (bundle, css, resx) is missing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SolutionDefinitionError, type Problem } from '../../solution/tooling/errors.js';

export interface BuiltControl {
  /** `wxm_<namespace>.<constructor>` */
  name: string;
  /** Repository-relative folder of the built control. */
  folder: string;
  /** The property the control binds to a column (usage="bound"), if any. */
  boundProperty: string;
  /** Files relative to the control folder (forward slashes), sorted, with their bytes. */
  files: { path: string; content: Uint8Array }[];
}

/**
 * Dataverse replaces a control's files on import only when its manifest version is higher than the installed one,
 * so an upgrade with an unchanged `version` keeps serving the old bundle
 * (https://learn.microsoft.com/power-apps/developer/component-framework/code-components-alm).
 * The packed manifest therefore carries the solution's version (x.y.z of x.y.z.0) on every pack, whatever the
 * source manifest says.
 */
export function withControlVersion(control: BuiltControl, solutionVersion: string): BuiltControl {
  const version = /^(\d+\.\d+\.\d+)\.0$/.exec(solutionVersion)?.[1];
  if (!version) throw new Error(`solution version "${solutionVersion}" must be x.y.z.0 to become a control version`);
  const files = control.files.map((file) => {
    if (file.path !== 'ControlManifest.xml') return file;
    const text = new TextDecoder().decode(file.content);
    const stamped = text.replace(/(<control\b[^>]*?\sversion=")[^"]*(")/, `$1${version}$2`);
    if (stamped === text && !text.includes(`version="${version}"`)) throw new Error(`${control.folder}/ControlManifest.xml: no version on <control>`);
    return { path: file.path, content: new TextEncoder().encode(stamped) };
  });
  return { ...control, files };
}

function filesUnder(folder: string, base = folder): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const full = path.join(folder, name);
      return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
    });
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function loadBuiltControls(repoRoot: string, prefix: string): BuiltControl[] {
  const projects = path.join(repoRoot, 'pcf-controls');
  if (!existsSync(projects)) return [];
  const problems: Problem[] = [];
  const controls: BuiltControl[] = [];
  // Prefixed attribute keys: a bare `constructor` key is refused by the parser (and would shadow Object's).
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
  for (const project of readdirSync(projects).sort()) {
    const out = path.join(projects, project, 'out', 'controls');
    if (!existsSync(out) || !statSync(out).isDirectory()) continue;
    for (const controlDir of readdirSync(out).sort()) {
      const folder = path.join(out, controlDir);
      if (!statSync(folder).isDirectory()) continue;
      const relFolder = path.relative(repoRoot, folder).split(path.sep).join('/');
      const manifestPath = path.join(folder, 'ControlManifest.xml');
      if (!existsSync(manifestPath)) {
        problems.push({ file: relFolder, element: 'ControlManifest.xml', message: 'built control has no ControlManifest.xml (run the control build)' });
        continue;
      }
      const parsed = parser.parse(readFileSync(manifestPath, 'utf8')) as { manifest?: { control?: Record<string, unknown> } };
      const control = parsed.manifest?.control;
      const namespace = control?.['@_namespace'];
      const constructorName = control?.['@_constructor'];
      if (typeof namespace !== 'string' || typeof constructorName !== 'string') {
        problems.push({ file: `${relFolder}/ControlManifest.xml`, element: 'manifest/control', message: 'namespace and constructor attributes are required' });
        continue;
      }
      const resources = (control?.resources ?? {}) as Record<string, unknown>;
      const referenced = ['code', 'css', 'resx', 'img', 'html'].flatMap((kind) =>
        asArray(resources[kind] as { '@_path'?: string } | { '@_path'?: string }[] | undefined).map((r) => r['@_path']),
      );
      const files = filesUnder(folder);
      for (const file of referenced) {
        if (typeof file === 'string' && !files.includes(file.replace(/\\/g, '/'))) {
          problems.push({
            file: `${relFolder}/ControlManifest.xml`,
            element: `resources ${file}`,
            message: `control file ${relFolder}/${file} does not exist`,
          });
        }
      }
      type Property = { '@_name'?: string; '@_usage'?: string };
      const properties = asArray(control?.property as Property | Property[] | undefined);
      controls.push({
        name: `${prefix}_${namespace}.${constructorName}`,
        folder: relFolder,
        boundProperty: properties.find((p) => p['@_usage'] === 'bound')?.['@_name'] ?? 'value',
        files: files.map((file) => ({ path: file, content: readFileSync(path.join(folder, file)) })),
      });
    }
  }
  if (problems.length > 0) throw new SolutionDefinitionError(problems);
  return controls;
}

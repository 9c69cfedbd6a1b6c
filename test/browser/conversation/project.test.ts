/**
 * Issue 8: the control has the MSBuild project `pac pcf init` generates (ConversationView.pcfproj), so `pac pcf push`
 * and `pac solution` projects can build it. pac and MSBuild are not on these machines, so this checks what can be
 * checked here: the file is well-formed XML, it is the PCF project shape (Microsoft.PowerApps.MSBuild.Pcf, the
 * PowerApps Pcf props/targets), and the paths it names exist. The shape is the one of Microsoft's sample
 * (microsoft/PowerApps-Samples component-framework/ReactStandardControl/ReactStandardControl.pcfproj) and of a
 * pac-initialized project (devkeydet/codefirstsolution pcf-src/reactfieldcontrol/reactfieldcontrol.pcfproj).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureControlBuilt, PROJECT } from './support/control-build.js';

const FILE = path.join(PROJECT, 'ConversationView.pcfproj');
const project = () =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['PropertyGroup', 'ItemGroup', 'Import', 'PackageReference'].includes(name),
  }).parse(readFileSync(FILE, 'utf8')).Project;

beforeAll(() => void ensureControlBuilt(), 180_000);

describe('ConversationView.pcfproj', () => {
  it('is well-formed XML in the MSBuild namespace', () => {
    expect(execFileSync('xmllint', ['--noout', FILE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
    expect([project()['@xmlns'], project()['@DefaultTargets']]).toEqual(['http://schemas.microsoft.com/developer/msbuild/2003', 'Build']);
  });

  it('builds through Microsoft.PowerApps.MSBuild.Pcf and the PowerApps Pcf props and targets', () => {
    const references = project()
      .ItemGroup.flatMap((g: { PackageReference?: Record<string, string>[] }) => g.PackageReference ?? [])
      .map((r: Record<string, string>) => [r['@Include'], r['@Version']]);
    expect(references).toEqual([
      ['Microsoft.PowerApps.MSBuild.Pcf', '1.*'],
      ['Microsoft.NETFramework.ReferenceAssemblies', '1.0.0'],
    ]);
    const imports = project().Import.map((i: Record<string, string>) => path.basename(String(i['@Project']).replace(/\\/g, '/')));
    expect(imports).toEqual([
      'Microsoft.Common.props',
      'Microsoft.PowerApps.VisualStudio.Pcf.props',
      'Microsoft.Common.targets',
      'Microsoft.PowerApps.VisualStudio.Pcf.targets',
    ]);
  });

  it('names the control folder and the output folder pcf-scripts writes, and they exist', () => {
    const properties = Object.assign({}, ...project().PropertyGroup);
    expect(properties.Name).toBe('ConversationView');
    expect(properties.ProjectGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // $(MSBuildThisFileDirectory) is the project folder; the output is pcfconfig.json's outDir.
    const output = String(properties.OutputPath).replace('$(MSBuildThisFileDirectory)', '').replace(/\\/g, '/');
    const config = JSON.parse(readFileSync(path.join(PROJECT, 'pcfconfig.json'), 'utf8')) as { outDir: string };
    expect(output).toBe(path.posix.normalize(config.outDir));
    for (const file of ['package.json', 'pcfconfig.json', `${properties.Name}/ControlManifest.Input.xml`, `${properties.Name}/index.ts`]) {
      expect(existsSync(path.join(PROJECT, file)), file).toBe(true);
    }
    // The built control is where the project says (the browser tests build it first through control-build.ts).
    expect(existsSync(path.join(PROJECT, output, properties.Name, 'ControlManifest.xml'))).toBe(true);
  });
});

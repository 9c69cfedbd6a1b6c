/**
 * The MenuDesigner project: its MSBuild project (pac is not on these machines: well-formed, the PCF shape, paths
 * that exist), the built control (bound to a Multiple column, React from the platform, small), and its strings (both
 * resx files hold exactly the keys menu/strings.ts lists, every value filled).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { STRING_KEYS } from '../../../pcf-controls/MenuDesigner/MenuDesigner/menu/strings.js';
import { CONTROL_OUT, ensureDesignerBuilt, PROJECT } from './harness/server.js';

const xml = (file: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['data', 'PropertyGroup', 'ItemGroup', 'Import'].includes(n) }).parse(
    readFileSync(file, 'utf8'),
  );

beforeAll(() => ensureDesignerBuilt(), 180_000);

describe('MenuDesigner', () => {
  it('has the pac project shape, naming folders that exist', () => {
    const file = path.join(PROJECT, 'MenuDesigner.pcfproj');
    expect(execFileSync('xmllint', ['--noout', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
    const project = xml(file).Project;
    const properties = Object.assign({}, ...project.PropertyGroup);
    expect(properties.Name).toBe('MenuDesigner');
    expect(String(properties.OutputPath).replace(/\\/g, '/')).toBe('$(MSBuildThisFileDirectory)out/controls');
    expect(JSON.parse(readFileSync(path.join(PROJECT, 'pcfconfig.json'), 'utf8'))).toEqual({ outDir: './out/controls' });
    expect(existsSync(path.join(PROJECT, 'MenuDesigner/ControlManifest.Input.xml'))).toBe(true);
  });

  it('is built as a virtual control bound to a Multiple column, React 16 from the platform, under 100 KB', () => {
    const control = xml(path.join(CONTROL_OUT, 'ControlManifest.xml')).manifest.control;
    expect([control['@namespace'], control['@constructor'], control['@control-type']]).toEqual(['Wechat', 'MenuDesigner', 'virtual']);
    expect([control.property['@name'], control.property['@of-type'], control.property['@usage']]).toEqual(['definition', 'Multiple', 'bound']);
    const bundle = readFileSync(path.join(CONTROL_OUT, 'bundle.js'), 'utf8');
    expect(bundle).toMatch(/\bReactv16\b/);
    expect(statSync(path.join(CONTROL_OUT, 'bundle.js')).size).toBeLessThan(100_000);
  });

  it('has every string in English and Chinese, and no other', () => {
    for (const lcid of ['1033', '2052']) {
      const data = xml(path.join(PROJECT, `MenuDesigner/strings/MenuDesigner.${lcid}.resx`)).root.data as { '@name': string; value: string }[];
      expect(data.map((d) => d['@name'])).toEqual([...STRING_KEYS]);
      expect(data.filter((d) => String(d.value).trim() === '').map((d) => d['@name'])).toEqual([]);
    }
  });
});

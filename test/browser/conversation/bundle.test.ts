/**
 * Issue 5, item 6: the control builds offline with pcf-scripts (production), React and Fluent stay platform
 * libraries (external, well under the 5 MB bundle limit), and `npm run pack` ships it and binds it on the
 * follower form.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packRepository, type SolutionPackages } from '../../../scripts/pack/pack.js';
import { parseXml, unzip } from '../../../scripts/pack/test-support.js';
import { CONTROL_OUT, ensureControlBuilt } from './support/control-build.js';

const require = createRequire(import.meta.url);
let buildMs: number;
let packages: SolutionPackages;

beforeAll(async () => {
  buildMs = ensureControlBuilt();
  packages = await packRepository();
}, 180_000);

describe('the built ConversationView control', () => {
  it('is a production bundle far under the 5 MB limit, with React and Fluent left to the platform', () => {
    expect(buildMs).toBeLessThan(120_000);
    const bundle = readFileSync(path.join(CONTROL_OUT, 'bundle.js'), 'utf8');
    expect(statSync(path.join(CONTROL_OUT, 'bundle.js')).size).toBeLessThan(100 * 1024);
    // webpack externals as pcf-scripts maps the platform libraries (PlatformLibraryVersions.json libAlias).
    expect(bundle).toMatch(/\bReactv16\b/);
    expect(bundle).toMatch(/\bFluentUIReactv81211\b/);
    expect(bundle).not.toMatch(/\bFluentUIReactv8290\b/);
    expect(bundle).not.toContain('__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED');
    expect(bundle).not.toContain('ms-Button-label');
    expect(bundle).toContain("ComponentFramework.registerControl('Wechat.ConversationView'");
  });

  it('has a manifest the platform reads: virtual control, React 16.14.0 and Fluent 8.121.1, both languages', () => {
    const manifest = parseXml(readFileSync(path.join(CONTROL_OUT, 'ControlManifest.xml'), 'utf8')).manifest.control;
    expect([manifest['@namespace'], manifest['@constructor'], manifest['@control-type']]).toEqual(['Wechat', 'ConversationView', 'virtual']);
    expect(manifest.resources['platform-library'].map((l: Record<string, string>) => [l['@name'], l['@version']])).toEqual([
      ['React', '16.14.0'],
      ['Fluent', '8.121.1'],
    ]);
    expect(manifest.resources.resx.map((r: Record<string, string>) => r['@path'])).toEqual([
      'strings/ConversationView.1033.resx',
      'strings/ConversationView.2052.resx',
    ]);
    expect(manifest['feature-usage']['uses-feature']['@name']).toBe('WebAPI');
  });
});

describe('the platform libraries', () => {
  it('are pinned in package.json and installed at exactly the versions the manifest declares', () => {
    const project = path.resolve(CONTROL_OUT, '../../..');
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const manifest = parseXml(readFileSync(path.join(project, 'ConversationView/ControlManifest.Input.xml'), 'utf8')).manifest.control;
    const declared = Object.fromEntries(manifest.resources['platform-library'].map((l: Record<string, string>) => [l['@name'], l['@version']]));
    expect(pkg.dependencies['@fluentui/react']).toBe(declared.Fluent);
    // What node_modules holds is what the harness serves as the platform's Fluent.
    const installed = (name: string) =>
      (JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [project] }), 'utf8')) as { version: string }).version;
    expect([installed('@fluentui/react'), installed('react'), installed('react-dom')]).toEqual([declared.Fluent, declared.React, declared.React]);
  });
});

describe('npm run pack', () => {
  it('puts the built control into the solution as wxm_Wechat.ConversationView', () => {
    // The solution carries the menu designer too (its own pack test: test/browser/menu/project.test.ts).
    const entries = packages.entries.filter((e) => e.startsWith('Controls/wxm_Wechat.ConversationView/'));
    expect(entries).toEqual([
      'Controls/wxm_Wechat.ConversationView/ControlManifest.xml',
      'Controls/wxm_Wechat.ConversationView/bundle.js',
      'Controls/wxm_Wechat.ConversationView/bundle.js.LICENSE.txt',
      'Controls/wxm_Wechat.ConversationView/css/ConversationView.css',
      'Controls/wxm_Wechat.ConversationView/strings/ConversationView.1033.resx',
      'Controls/wxm_Wechat.ConversationView/strings/ConversationView.2052.resx',
    ]);
    const files = unzip(packages.managed);
    expect(files.get('Controls/wxm_Wechat.ConversationView/bundle.js')).toBe(readFileSync(path.join(CONTROL_OUT, 'bundle.js'), 'utf8'));
  });

  it('binds it on the follower form’s Conversation tab, to the name column, on web, phone and tablet', () => {
    const xml = parseXml(unzip(packages.unmanaged).get('customizations.xml')!).ImportExportXml;
    const follower = xml.Entities.Entity.find((e: { Name: { '#text': string } }) => e.Name['#text'] === 'wxm_Follower');
    const form = follower.FormXml.forms[0].systemform[0].form;
    const tab = form.tabs.tab.find((t: Record<string, string>) => t['@name'] === 'conversation');
    const cells = tab.columns.column.sections.section.flatMap((s: { rows: { row: { cell: unknown[] }[] } }) => s.rows.row.flatMap((r) => r.cell));
    expect(cells).toHaveLength(1);
    const control = (cells[0] as { control: Record<string, string> }).control;
    expect([control['@datafieldname'], control['@uniqueid'] !== undefined]).toEqual(['wxm_name', true]);
    const description = form.controlDescriptions.controlDescription.find((d: Record<string, string>) => d['@forControl'] === control['@uniqueid']);
    expect(
      description.customControl
        .filter((c: Record<string, string>) => c['@name'])
        .map((c: Record<string, unknown>) => [c['@name'], c['@formFactor'], c.parameters]),
    ).toEqual([
      ['wxm_Wechat.ConversationView', '0', { followerName: 'wxm_name' }],
      ['wxm_Wechat.ConversationView', '1', { followerName: 'wxm_name' }],
      ['wxm_Wechat.ConversationView', '2', { followerName: 'wxm_name' }],
    ]);
  });
});

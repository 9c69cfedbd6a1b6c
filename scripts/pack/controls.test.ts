/** Built PCF controls under pcf-controls/*\/out/controls/* are packed as Controls/<prefix>_<ns>.<ctor>/. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, type SolutionPackages } from './pack.js';
import { cloneSource, parseXml, unzip, withoutFormScripts, xsdErrors, zipEntryOrder } from './test-support.js';

const CONTROL_DIR = 'pcf-controls/ConversationView/out/controls/ConversationView';
const MANIFEST = `<?xml version="1.0" encoding="utf-8"?>
<manifest><control namespace="Wechat" constructor="ConversationView" version="0.1.0" display-name-key="ConversationView" control-type="virtual" api-version="1.3.18">
<property name="followerName" display-name-key="Follower" of-type="SingleLine.Text" usage="bound" required="true" />
<resources><code path="bundle.js" order="1" /><css path="css/ConversationView.css" order="1" /><resx path="strings/ConversationView.1033.resx" version="1.0.0" /></resources>
</control></manifest>`;

// The menu designer, on the wxm_menu form (bound to wxm_definition).
const MENU_DIR = 'pcf-controls/MenuDesigner/out/controls/MenuDesigner';
const MENU_MANIFEST = `<?xml version="1.0" encoding="utf-8"?>
<manifest><control namespace="Wechat" constructor="MenuDesigner" version="0.1.0" display-name-key="MenuDesigner" control-type="virtual" api-version="1.3.18">
<property name="definition" display-name-key="Definition" of-type="Multiple" usage="bound" required="true" />
<resources><code path="bundle.js" order="1" /><css path="css/MenuDesigner.css" order="1" /><resx path="strings/MenuDesigner.1033.resx" version="1.0.0" /></resources>
</control></manifest>`;

let root: string;
let packages: SolutionPackages;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'wxm-controls-'));
  const files: Record<string, string> = {
    'webresources/manifest.json': JSON.stringify({
      webResources: [
        {
          name: 'wxm_/pages/starttouse.html',
          file: 'pages/starttouse.html',
          displayName: { 1033: 'Start', 2052: '开通' },
          description: { 1033: 'Start', 2052: '开通' },
        },
        {
          name: 'wxm_/pages/binding.html',
          file: 'pages/binding.html',
          displayName: { 1033: 'Bind', 2052: '绑定' },
          description: { 1033: 'Bind', 2052: '绑定' },
        },
        {
          name: 'wxm_/pages/composer.html',
          file: 'pages/composer.html',
          displayName: { 1033: 'Compose', 2052: '编写' },
          description: { 1033: 'Compose', 2052: '编写' },
        },
      ],
    }),
    'webresources/pages/starttouse.html': '<html></html>',
    'webresources/pages/binding.html': '<html></html>',
    'webresources/pages/composer.html': '<html></html>',
    [`${CONTROL_DIR}/ControlManifest.xml`]: MANIFEST,
    [`${CONTROL_DIR}/bundle.js`]: 'var ConversationView = 1;',
    [`${CONTROL_DIR}/css/ConversationView.css`]: '.c{}',
    [`${CONTROL_DIR}/strings/ConversationView.1033.resx`]: '<root />',
    [`${CONTROL_DIR}/strings/ConversationView.2052.resx`]: '<root />',
    [`${MENU_DIR}/ControlManifest.xml`]: MENU_MANIFEST,
    [`${MENU_DIR}/bundle.js`]: 'var MenuDesigner = 1;',
    [`${MENU_DIR}/css/MenuDesigner.css`]: '.m{}',
    [`${MENU_DIR}/strings/MenuDesigner.1033.resx`]: '<root />',
    [`${MENU_DIR}/strings/MenuDesigner.2052.resx`]: '<root />',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  const source = withoutFormScripts(await cloneSource());
  source.repoRoot = root;
  // Put the control on the follower form, bound to the name column.
  source.forms.find((f) => f.def.table === 'wxm_follower')!.def.forms[0]!.tabs[1]!.sections[0]!.cells[0] = {
    column: 'wxm_name',
    customControl: 'wxm_Wechat.ConversationView',
  };
  packages = buildPackages(source, '1.0.0.0');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('built PCF controls', () => {
  it('ships every file of the built controls under Controls/wxm_Wechat.<Control>/', () => {
    expect(zipEntryOrder(packages.unmanaged).filter((e) => e.startsWith('Controls/'))).toEqual([
      'Controls/wxm_Wechat.ConversationView/ControlManifest.xml',
      'Controls/wxm_Wechat.ConversationView/bundle.js',
      'Controls/wxm_Wechat.ConversationView/css/ConversationView.css',
      'Controls/wxm_Wechat.ConversationView/strings/ConversationView.1033.resx',
      'Controls/wxm_Wechat.ConversationView/strings/ConversationView.2052.resx',
      'Controls/wxm_Wechat.MenuDesigner/ControlManifest.xml',
      'Controls/wxm_Wechat.MenuDesigner/bundle.js',
      'Controls/wxm_Wechat.MenuDesigner/css/MenuDesigner.css',
      'Controls/wxm_Wechat.MenuDesigner/strings/MenuDesigner.1033.resx',
      'Controls/wxm_Wechat.MenuDesigner/strings/MenuDesigner.2052.resx',
    ]);
    expect(zipEntryOrder(packages.unmanaged).at(-1)).toBe('[Content_Types].xml');
  });

  it('declares the control in customizations.xml, solution.xml and [Content_Types].xml', () => {
    const files = unzip(packages.unmanaged);
    const customizations = parseXml(files.get('customizations.xml')!).ImportExportXml;
    expect(customizations.CustomControls.CustomControl).toEqual([
      { Name: 'wxm_Wechat.ConversationView', FileName: '/Controls/wxm_Wechat.ConversationView/ControlManifest.xml' },
      { Name: 'wxm_Wechat.MenuDesigner', FileName: '/Controls/wxm_Wechat.MenuDesigner/ControlManifest.xml' },
    ]);
    const roots = parseXml(files.get('solution.xml')!).ImportExportXml.SolutionManifest.RootComponents.RootComponent;
    expect(roots.filter((r: any) => r['@type'] === '66').map((r: any) => r['@schemaName'])).toEqual(['wxm_Wechat.ConversationView', 'wxm_Wechat.MenuDesigner']);
    const types = parseXml(files.get('[Content_Types].xml')!).Types;
    expect(types.Override).toEqual([
      { '@PartName': '/Controls/wxm_Wechat.ConversationView/ControlManifest.xml', '@ContentType': 'application/octet-stream' },
      { '@PartName': '/Controls/wxm_Wechat.MenuDesigner/ControlManifest.xml', '@ContentType': 'application/octet-stream' },
    ]);
    expect(types.Default.map((d: any) => d['@Extension'])).toEqual(['css', 'html', 'js', 'resx', 'xml']);
  });

  it('stamps the solution version into the packed manifest on every pack, so an upgrade replaces the bundle', async () => {
    const manifestOf = (zip: Uint8Array) => parseXml(unzip(zip).get('Controls/wxm_Wechat.ConversationView/ControlManifest.xml')!).manifest.control;
    // The built manifest says 0.1.0; the packed one says the solution version's x.y.z.
    expect(manifestOf(packages.managed)['@version']).toBe('1.0.0');
    const source = withoutFormScripts(await cloneSource());
    source.repoRoot = root;
    const next = buildPackages(source, '2.3.4.0');
    expect(manifestOf(next.managed)['@version']).toBe('2.3.4');
    // Nothing else in the manifest changes (api-version keeps its own value).
    expect(unzip(packages.unmanaged).get('Controls/wxm_Wechat.ConversationView/ControlManifest.xml')).toBe(
      MANIFEST.replace('version="0.1.0"', 'version="1.0.0"'),
    );
  });

  it('binds the control on the form to the column through its bound property, and still validates', () => {
    const text = unzip(packages.unmanaged).get('customizations.xml')!;
    const follower = parseXml(text).ImportExportXml.Entities.Entity.find((e: any) => e.Name['#text'] === 'wxm_Follower');
    const description = follower.FormXml.forms[0].systemform[0].form.controlDescriptions.controlDescription[0];
    expect(description.customControl.map((c: any) => [c['@name'] ?? c['@id'], c['@formFactor'], c.parameters])).toEqual([
      ['{4273EDBD-AC1D-40d3-9FB2-095C621B552D}', undefined, { datafieldname: 'wxm_name' }],
      ['wxm_Wechat.ConversationView', '0', { followerName: 'wxm_name' }],
      ['wxm_Wechat.ConversationView', '1', { followerName: 'wxm_name' }],
      ['wxm_Wechat.ConversationView', '2', { followerName: 'wxm_name' }],
    ]);
    const menu = parseXml(text).ImportExportXml.Entities.Entity.find((e: any) => e.Name['#text'] === 'wxm_Menu');
    const designer = menu.FormXml.forms[0].systemform[0].form.controlDescriptions.controlDescription[0];
    expect(designer.customControl.map((c: any) => [c['@name'] ?? c['@id'], c['@formFactor'], c.parameters])).toEqual([
      ['{E0DECE4B-6FC8-4a8f-A065-082708572369}', undefined, { datafieldname: 'wxm_definition' }],
      ['wxm_Wechat.MenuDesigner', '0', { definition: 'wxm_definition' }],
      ['wxm_Wechat.MenuDesigner', '1', { definition: 'wxm_definition' }],
      ['wxm_Wechat.MenuDesigner', '2', { definition: 'wxm_definition' }],
    ]);
    expect(xsdErrors(text)).toBe('');
  });
});

/**
 * Bad definitions stop the pack with the file and element to fix. Each case changes one thing in
 * a copy of the real definitions (or of the repository layout, for files on disk) and checks the
 * exact message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ColumnDef } from '../../solution/src/dsl/types.js';
import { SolutionDefinitionError } from '../../solution/tooling/errors.js';
import type { SolutionSource } from '../../solution/tooling/load.js';
import { buildPackages } from './pack.js';
import { cloneSource, withoutFormScripts } from './test-support.js';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch repository root holding only what the test writes (web resources, built controls). */
function scratchRoot(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wxm-bad-'));
  temporary.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

const STARTTOUSE_MANIFEST = JSON.stringify({
  webResources: [
    {
      name: 'wxm_/pages/starttouse.html',
      file: 'pages/starttouse.html',
      displayName: { 1033: 'Start To Use', 2052: '开通服务' },
      description: { 1033: 'Authorize an account.', 2052: '授权公众号。' },
    },
    // The other page the sitemap opens (Audience → Bind WeChat).
    {
      name: 'wxm_/pages/binding.html',
      file: 'pages/binding.html',
      displayName: { 1033: 'Bind WeChat', 2052: '绑定微信' },
      description: { 1033: 'Bind a WeChat.', 2052: '绑定微信。' },
    },
    // The template composer (Outreach → Send Template Message).
    {
      name: 'wxm_/pages/composer.html',
      file: 'pages/composer.html',
      displayName: { 1033: 'Template message', 2052: '模板消息' },
      description: { 1033: 'Compose a template message.', 2052: '编写模板消息。' },
    },
  ],
});

function packProblems(source: SolutionSource): string[] {
  try {
    buildPackages(source, '1.0.0.0');
  } catch (error) {
    expect(error).toBeInstanceOf(SolutionDefinitionError);
    return (error as SolutionDefinitionError).problems.map((p) => `${p.file}: ${p.element}: ${p.message}`);
  }
  throw new Error('pack succeeded');
}

/** Form cells without their PCF controls, for scratch repositories that hold no built control. */
function withoutCustomControls(source: SolutionSource): SolutionSource {
  for (const tab of source.forms.flatMap((f) => f.def.forms).flatMap((form) => form.tabs)) {
    for (const section of tab.sections)
      section.cells = section.cells.map((cell) => (typeof cell === 'object' && 'customControl' in cell ? { column: cell.column } : cell));
  }
  return source;
}

function column(source: SolutionSource, table: string, schemaName: string): ColumnDef {
  const found = source.tables.find((t) => t.def.schemaName === table)!.def.columns.find((c) => c.schemaName === schemaName);
  if (!found) throw new Error(`no column ${schemaName}`);
  return found;
}

describe('pack refuses bad definitions', () => {
  it('names the file and element of a missing Chinese label', async () => {
    const source = await cloneSource();
    (column(source, 'wxm_Message', 'wxm_Content').displayName as { 2052: string })[2052] = '';
    expect(packProblems(source)).toEqual([
      'solution/src/tables/wxm_message.ts: table wxm_Message.columns > wxm_Content.displayName: missing 2052 (Chinese) label',
    ]);
  });

  it('names the file and element of a missing English label', async () => {
    const source = await cloneSource();
    const view = source.views.find((v) => v.def.table === 'wxm_follower')!.def.views.find((v) => v.id === 'wxm_follower_active')!;
    delete (view.name as Partial<Record<1033 | 2052, string>>)[1033];
    expect(packProblems(source)).toEqual(['solution/src/views/wxm_follower.ts: view wxm_follower_active.name: missing 1033 (English) label']);
  });

  it('names the form cell that points at an unknown column', async () => {
    const source = await cloneSource();
    source.forms.find((f) => f.def.table === 'wxm_message')!.def.forms[0]!.tabs[0]!.sections[0]!.cells.push('wxm_nosuchcolumn');
    expect(packProblems(source)).toEqual([
      'solution/src/forms/wxm_message.ts: form wxm_message_main > tab message > section message > cell wxm_nosuchcolumn: unknown column "wxm_nosuchcolumn" of wxm_message',
    ]);
  });

  it('names the view cell that points at an unknown column', async () => {
    const source = await cloneSource();
    const view = source.views.find((v) => v.def.table === 'wxm_message')!.def.views[0]!;
    // Views of a file share one column list; give this one its own.
    view.columns = [...view.columns, { column: 'wxm_body', width: 100 }];
    expect(packProblems(source)).toEqual([
      'solution/src/views/wxm_message.ts: view wxm_message_active > cell wxm_body: unknown column "wxm_body" of wxm_message',
    ]);
  });

  it('refuses a secured column in a view', async () => {
    const source = await cloneSource();
    const view = source.views.find((v) => v.def.table === 'wxm_signedservice')!.def.views[0]!;
    view.columns = [...view.columns, { column: 'wxm_clientsecret', width: 100 }];
    expect(packProblems(source)).toEqual([
      'solution/src/views/wxm_signedservice.ts: view wxm_signedservice_active > cell wxm_clientsecret: secured column "wxm_clientsecret" must not appear in a view',
    ]);
  });

  it('names a duplicate column schema name', async () => {
    const source = await cloneSource();
    const follower = source.tables.find((t) => t.def.schemaName === 'wxm_Follower')!;
    follower.def.columns.push({ ...column(source, 'wxm_Follower', 'wxm_OpenId'), schemaName: 'wxm_openid' });
    expect(packProblems(source)).toEqual([
      'solution/src/tables/wxm_follower.ts: column wxm_openid: duplicate column schema name "wxm_openid" (first defined in solution/src/tables/wxm_follower.ts)',
    ]);
  });

  it('names a table whose schema name is already taken by another file', async () => {
    const source = await cloneSource();
    const copy = structuredClone(source.tables.find((t) => t.def.schemaName === 'wxm_Follower')!);
    source.tables.push({
      file: 'solution/src/tables/wxm_follower2.ts',
      def: { ...copy.def, schemaName: 'wxm_FOLLOWER', entitySetName: 'wxm_followers2', columns: [], keys: [] },
    });
    expect(packProblems(source)).toContain(
      'solution/src/tables/wxm_follower2.ts: table wxm_FOLLOWER: duplicate table schema name "wxm_FOLLOWER" (first defined in solution/src/tables/wxm_follower.ts)',
    );
  });

  it('names an option value outside the publisher range', async () => {
    const source = await cloneSource();
    source.optionSets.find((s) => s.def.name === 'wxm_direction')!.def.options[1]!.value = 100000001;
    expect(packProblems(source)).toEqual([
      "solution/src/optionsets/wxm_direction.ts: optionset wxm_direction > option Outbound: value 100000001 is outside the publisher's range 472610000..472619999 (option value prefix 47261)",
      // The message table's default direction was that option, so it is reported too.
      'solution/src/tables/wxm_message.ts: column wxm_Direction: default value 472610001 is not an option of wxm_direction',
    ]);
  });

  it('names the manifest entry whose web resource file is missing', async () => {
    const source = await cloneSource();
    source.repoRoot = scratchRoot({ 'webresources/manifest.json': STARTTOUSE_MANIFEST });
    expect(packProblems(source)).toEqual([
      'webresources/manifest.json: webResources[0] wxm_/pages/starttouse.html: web resource file webresources/pages/starttouse.html does not exist',
      'webresources/manifest.json: webResources[1] wxm_/pages/binding.html: web resource file webresources/pages/binding.html does not exist',
      'webresources/manifest.json: webResources[2] wxm_/pages/composer.html: web resource file webresources/pages/composer.html does not exist',
    ]);
  });

  it('names the sitemap entry whose web resource is not in the manifest', async () => {
    const source = withoutCustomControls(withoutFormScripts(await cloneSource()));
    source.repoRoot = scratchRoot({});
    expect(packProblems(source)).toEqual([
      'solution/src/app/sitemap.ts: area wxm_area_wechatmarketing > group wxm_group_audience > subarea wxm_subarea_bindwechat: web resource "wxm_/pages/binding.html" is not in webresources/manifest.json',
      'solution/src/app/sitemap.ts: area wxm_area_wechatmarketing > group wxm_group_outreach > subarea wxm_subarea_sendtemplate: web resource "wxm_/pages/composer.html" is not in webresources/manifest.json',
      'solution/src/app/sitemap.ts: area wxm_area_wechatmarketing > group wxm_group_settings > subarea wxm_subarea_starttouse: web resource "wxm_/pages/starttouse.html" is not in webresources/manifest.json',
    ]);
  });

  it('names the control file a built control manifest lists but the build did not write', async () => {
    const source = await cloneSource();
    source.repoRoot = scratchRoot({
      'webresources/manifest.json': STARTTOUSE_MANIFEST,
      'webresources/pages/starttouse.html': '<html></html>',
      'webresources/pages/binding.html': '<html></html>',
      'webresources/pages/composer.html': '<html></html>',
      'pcf-controls/ConversationView/out/controls/ConversationView/ControlManifest.xml':
        '<?xml version="1.0" encoding="utf-8"?><manifest><control namespace="Wechat" constructor="ConversationView" version="0.1.0" control-type="virtual"><property name="followerId" of-type="SingleLine.Text" usage="bound" /><resources><code path="bundle.js" order="1" /></resources></control></manifest>',
    });
    expect(packProblems(source)).toEqual([
      'pcf-controls/ConversationView/out/controls/ConversationView/ControlManifest.xml: resources bundle.js: control file pcf-controls/ConversationView/out/controls/ConversationView/bundle.js does not exist',
    ]);
  });

  it('names the form cell that uses a control that is not built', async () => {
    // The follower form binds the ConversationView control; in a checkout where it was never built:
    const source = withoutFormScripts(await cloneSource());
    source.repoRoot = scratchRoot({
      'webresources/manifest.json': STARTTOUSE_MANIFEST,
      'webresources/pages/starttouse.html': '<html></html>',
      'webresources/pages/binding.html': '<html></html>',
      'webresources/pages/composer.html': '<html></html>',
    });
    expect(packProblems(source)).toEqual([
      'solution/src/forms/wxm_follower.ts: form wxm_follower_main > tab conversation > section conversation > cell wxm_name: custom control "wxm_Wechat.ConversationView" is not built (no pcf-controls/*/out/controls/*/ControlManifest.xml declares it)',
      'solution/src/forms/wxm_menu.ts: form wxm_menu_main > tab general > section designer > cell wxm_definition: custom control "wxm_Wechat.MenuDesigner" is not built (no pcf-controls/*/out/controls/*/ControlManifest.xml declares it)',
    ]);
  });
});

/**
 * Form scripts: the Signed Service and Official Account forms load their web resource libraries and call
 * handlers those libraries really define; bad bindings stop the pack with the form and element to fix.
 */
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SolutionDefinitionError } from '../../solution/tooling/errors.js';
import type { SolutionSource } from '../../solution/tooling/load.js';
import { DEFAULT_REPO_ROOT } from '../../solution/tooling/load.js';
import { buildPackages, readPackageVersion, type SolutionPackages } from './pack.js';
import { cloneSource, parseXml, unzip } from './test-support.js';

let packages: SolutionPackages;
let files: Map<string, string>;
let entities: any[];

beforeAll(async () => {
  packages = buildPackages(await cloneSource(), readPackageVersion(DEFAULT_REPO_ROOT));
  files = unzip(packages.unmanaged);
  entities = parseXml(files.get('customizations.xml')!).ImportExportXml.Entities.Entity;
});

function mainForm(table: string): any {
  const entity = entities.find((e) => e.EntityInfo.entity['@Name'] === table);
  return entity.FormXml.forms.find((f: any) => f['@type'] === 'main').systemform[0].form;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function scriptsOf(table: string) {
  const form = mainForm(table);
  return {
    libraries: asArray(form.formLibraries.Library).map((l: any) => l['@name']),
    libraryIds: asArray(form.formLibraries.Library).map((l: any) => l['@libraryUniqueId']),
    events: asArray(form.events.event).map((e: any) => ({
      name: e['@name'],
      attribute: e['@attribute'],
      application: e['@application'],
      active: e['@active'],
      handlers: asArray(e.Handlers.Handler).map((h: any) => [
        h['@functionName'],
        h['@libraryName'],
        h['@enabled'],
        h['@passExecutionContext'],
        h['@parameters'],
      ]),
      ids: asArray(e.Handlers.Handler).map((h: any) => h['@handlerUniqueId']),
    })),
  };
}

/** Runs a packed library as a browser would load it and returns the global it defines. */
function libraryGlobals(name: string): Record<string, Record<string, unknown>> {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(files.get(`WebResources/${name}`)!, sandbox);
  return sandbox.WechatMarketing as Record<string, Record<string, unknown>>;
}

describe('form scripts in customizations.xml', () => {
  it('binds the Signed Service form to its library: OnLoad, OnSave and OnChange of the agreement and the cloud', () => {
    const scripts = scriptsOf('wxm_SignedService');
    expect(scripts.libraries).toEqual(['wxm_/forms/signedservice.js']);
    expect(scripts.events.map(({ ids: _ids, ...rest }) => rest)).toEqual([
      {
        name: 'onload',
        attribute: undefined,
        application: 'false',
        active: 'false',
        handlers: [['WechatMarketing.SignedService.onLoad', 'wxm_/forms/signedservice.js', 'true', 'true', '']],
      },
      {
        name: 'onsave',
        attribute: undefined,
        application: 'false',
        active: 'false',
        handlers: [['WechatMarketing.SignedService.onSave', 'wxm_/forms/signedservice.js', 'true', 'true', '']],
      },
      {
        name: 'onchange',
        attribute: 'wxm_agreementaccepted',
        application: 'false',
        active: 'false',
        handlers: [['WechatMarketing.SignedService.onAgreementChange', 'wxm_/forms/signedservice.js', 'true', 'true', '']],
      },
      {
        name: 'onchange',
        attribute: 'wxm_cloud',
        application: 'false',
        active: 'false',
        handlers: [['WechatMarketing.SignedService.onCloudChange', 'wxm_/forms/signedservice.js', 'true', 'true', '']],
      },
    ]);
    const ids = [...scripts.libraryIds, ...scripts.events.flatMap((e) => e.ids)];
    for (const id of ids) expect(id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('binds the Official Account form OnLoad', () => {
    const scripts = scriptsOf('wxm_OfficialAccount');
    expect(scripts.libraries).toEqual(['wxm_/forms/officialaccount.js']);
    expect(scripts.events.map((e) => [e.name, e.handlers])).toEqual([
      ['onload', [['WechatMarketing.OfficialAccount.onLoad', 'wxm_/forms/officialaccount.js', 'true', 'true', '']]],
    ]);
  });

  it('binds the Broadcast form OnLoad, and the Follower form OnLoad to the template message button', () => {
    expect(scriptsOf('wxm_Broadcast').libraries).toEqual(['wxm_/forms/broadcast.js']);
    expect(scriptsOf('wxm_Broadcast').events.map((e) => [e.name, e.handlers])).toEqual([
      ['onload', [['WechatMarketing.Broadcast.onLoad', 'wxm_/forms/broadcast.js', 'true', 'true', '']]],
    ]);
    expect(scriptsOf('wxm_Follower').libraries).toEqual(['wxm_/pages/composerbutton.js']);
    expect(scriptsOf('wxm_Follower').events.map((e) => [e.name, e.handlers])).toEqual([
      ['onload', [['WechatMarketing.Composer.onLoad', 'wxm_/pages/composerbutton.js', 'true', 'true', '']]],
    ]);
  });

  it('binds the Material form OnLoad (Choose file / Upload, Delete from WeChat)', () => {
    expect(scriptsOf('wxm_Material').libraries).toEqual(['wxm_/forms/material.js']);
    expect(scriptsOf('wxm_Material').events.map((e) => [e.name, e.handlers])).toEqual([
      ['onload', [['WechatMarketing.Material.onLoad', 'wxm_/forms/material.js', 'true', 'true', '']]],
    ]);
  });

  it('calls only functions the packed libraries define', () => {
    for (const table of ['wxm_SignedService', 'wxm_OfficialAccount', 'wxm_Broadcast', 'wxm_Follower', 'wxm_Material']) {
      for (const event of scriptsOf(table).events) {
        for (const [functionName, library] of event.handlers) {
          const [, namespace, fn] = functionName.split('.');
          expect(typeof libraryGlobals(library)[namespace]?.[fn], `${functionName} in ${library}`).toBe('function');
        }
      }
    }
  });

  it('packs the libraries as JScript web resources (type 3) and the page as HTML (type 1)', () => {
    const resources = parseXml(files.get('customizations.xml')!).ImportExportXml.WebResources.WebResource.map((r: any) => [
      r.Name,
      r.WebResourceType,
      r.FileName,
    ]);
    expect(resources).toEqual([
      ['wxm_/forms/broadcast.js', 3, '/WebResources/wxm_/forms/broadcast.js'],
      ['wxm_/forms/material.js', 3, '/WebResources/wxm_/forms/material.js'],
      ['wxm_/forms/officialaccount.js', 3, '/WebResources/wxm_/forms/officialaccount.js'],
      ['wxm_/forms/qrcode.html', 1, '/WebResources/wxm_/forms/qrcode.html'],
      ['wxm_/forms/qrcode.js', 3, '/WebResources/wxm_/forms/qrcode.js'],
      ['wxm_/forms/qrcodedisplay.js', 3, '/WebResources/wxm_/forms/qrcodedisplay.js'],
      ['wxm_/forms/signedservice.js', 3, '/WebResources/wxm_/forms/signedservice.js'],
      ['wxm_/pages/binding.html', 1, '/WebResources/wxm_/pages/binding.html'],
      ['wxm_/pages/binding.js', 3, '/WebResources/wxm_/pages/binding.js'],
      ['wxm_/pages/composer.html', 1, '/WebResources/wxm_/pages/composer.html'],
      ['wxm_/pages/composer.js', 3, '/WebResources/wxm_/pages/composer.js'],
      ['wxm_/pages/composerbutton.js', 3, '/WebResources/wxm_/pages/composerbutton.js'],
      ['wxm_/pages/starttouse.html', 1, '/WebResources/wxm_/pages/starttouse.html'],
      ['wxm_/pages/starttouse.js', 3, '/WebResources/wxm_/pages/starttouse.js'],
    ]);
  });
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

describe('pack refuses bad form scripts', () => {
  const FILE = 'solution/src/forms/wxm_signedservice.ts: form wxm_signedservice_main';
  async function signedServiceForm() {
    const source = await cloneSource();
    const form = source.forms.find((f) => f.def.table === 'wxm_signedservice')!.def.forms[0]!;
    return { source, form };
  }

  it('names a library that is not in the web resource manifest', async () => {
    const { source, form } = await signedServiceForm();
    form.libraries = ['wxm_/forms/missing.js'];
    form.events = [{ event: 'onload', handlers: [{ library: 'wxm_/forms/missing.js', functionName: 'WechatMarketing.Missing.onLoad' }] }];
    expect(packProblems(source)).toEqual([
      `${FILE} > library wxm_/forms/missing.js: web resource "wxm_/forms/missing.js" is not in webresources/manifest.json`,
    ]);
  });

  it('names a handler whose library the form does not load, and a library that is not JavaScript', async () => {
    const { source, form } = await signedServiceForm();
    form.libraries = ['wxm_/pages/starttouse.html'];
    form.events = [{ event: 'onload', handlers: [{ library: 'wxm_/forms/signedservice.js', functionName: 'WechatMarketing.SignedService.onLoad' }] }];
    expect(packProblems(source)).toEqual([
      `${FILE} > library wxm_/pages/starttouse.html: a form library must be a .js web resource`,
      `${FILE} > onload > WechatMarketing.SignedService.onLoad: library "wxm_/forms/signedservice.js" is not in the form's libraries`,
    ]);
  });

  it('names an OnChange column that is not on the form and a function name that is not a dotted name', async () => {
    const { source, form } = await signedServiceForm();
    form.events = [
      {
        event: 'onchange',
        column: 'wxm_statusreasoncode_x',
        handlers: [{ library: 'wxm_/forms/signedservice.js', functionName: 'Wechat Marketing.onChange()' }],
      },
    ];
    expect(packProblems(source)).toEqual([
      `${FILE} > onchange wxm_statusreasoncode_x: column "wxm_statusreasoncode_x" is not on the form, so its OnChange never fires (table wxm_signedservice)`,
      `${FILE} > onchange wxm_statusreasoncode_x > Wechat Marketing.onChange(): function name must be a dotted JavaScript name`,
    ]);
  });
});

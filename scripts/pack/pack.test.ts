import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REPO_ROOT, type SolutionSource } from '../../solution/tooling/load.js';
import { buildPackages, readPackageVersion, solutionVersion, type SolutionPackages } from './pack.js';
import { cloneSource, NEWER_THAN_9_0, parseXml, unzip, withoutNewerElements, XSD, xsdErrors, zipEntryOrder } from './test-support.js';
const LCIDS = [1033, 2052];

let packages: SolutionPackages;
let unmanaged: Map<string, string>;
let managed: Map<string, string>;
let work: string;
let customizations: any;
/** The definitions packed: the issue-10 tables (and more) are added by other files, so lists are read from here. */
let source: SolutionSource;
const tableNames = () => source.tables.map((t) => t.def.schemaName);
const optionSetNames = () => source.optionSets.map((s) => s.def.name);

beforeAll(async () => {
  source = await cloneSource();
  packages = buildPackages(structuredClone(source), readPackageVersion(DEFAULT_REPO_ROOT));
  unmanaged = unzip(packages.unmanaged);
  managed = unzip(packages.managed);
  customizations = parseXml(unmanaged.get('customizations.xml')!).ImportExportXml;
  work = mkdtempSync(path.join(tmpdir(), 'wxm-pack-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Asserts a LocalizedNames-like list carries exactly English and Chinese, both non-empty. */
function expectBothLanguages(items: { '@languagecode': string | number; '@description'?: string }[] | undefined, what: string) {
  expect(items, what).toBeDefined();
  expect(
    items!.map((i) => Number(i['@languagecode'])),
    what,
  ).toEqual(LCIDS);
  for (const item of items!) expect(item['@description'], what).not.toBe('');
}

describe('customizations.xml', () => {
  it('validates against the shared 9.0 CustomizationsSolution.xsd with xmllint (once the elements newer than 9.0 are set aside)', () => {
    // The repository carries the schema (test/reference); without it this check cannot run, so fail.
    expect(existsSync(XSD), `missing ${XSD}: the solution schema is part of the repository`).toBe(true);
    expect(xsdErrors(unmanaged.get('customizations.xml')!)).toBe('');
  });

  it('sets aside only the elements newer than the 9.0 schema, and the schema refuses them where they stand', () => {
    const text = unmanaged.get('customizations.xml')!;
    const stripped = withoutNewerElements(text);
    const count = (xml: string, name: string) => xml.split(`<${name}>`).length - 1 + xml.split(`<${name} />`).length - 1;
    const attributes = text.split('<attribute PhysicalName=').length - 1;
    // Five search settings on every attribute, four fields on the app module, four settings on the sitemap.
    expect(text.split('\n').length - stripped.split('\n').length).toBe(attributes * 5 + 4 + 4);
    for (const name of NEWER_THAN_9_0) expect(count(stripped, name), name).toBe(0);
    // Without the setting aside, xmllint names the first newer element: the check is not vacuous.
    const file = path.join(work, 'unstripped.xml');
    writeFileSync(file, text);
    expect(() => execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: ['ignore', 'pipe', 'pipe'] })).toThrow(
      /AutoNumberFormat': This element is not expected/,
    );
  });

  it('defines every table (the first four with their entity sets and alternate keys), labels in both languages', () => {
    const xml = customizations;
    const entities = xml.Entities.Entity.map((e: any) => e.EntityInfo.entity);
    expect(entities.map((e: any) => e['@Name'])).toEqual(tableNames());
    expect(entities.map((e: any) => [e['@Name'], e.EntitySetName])).toEqual(
      expect.arrayContaining([
        ['wxm_Follower', 'wxm_followers'],
        ['wxm_Message', 'wxm_messages'],
        ['wxm_OfficialAccount', 'wxm_officialaccounts'],
        ['wxm_SignedService', 'wxm_signedservices'],
      ]),
    );
    const keys = Object.fromEntries(
      entities
        .filter((e: any) => ['wxm_Follower', 'wxm_Message', 'wxm_OfficialAccount', 'wxm_SignedService'].includes(e['@Name']))
        .map((e: any) => [e['@Name'], (e.EntityKeys?.EntityKey ?? []).map((k: any) => [k.LogicalName, k.EntityKeyAttributes.AttributeName])]),
    );
    expect(keys).toEqual({
      wxm_Follower: [['wxm_follower_openid_account', ['wxm_openid', 'wxm_officialaccountid']]],
      wxm_Message: [['wxm_message_account_msgid', ['wxm_officialaccountid', 'wxm_wechatmsgid']]],
      wxm_OfficialAccount: [['wxm_officialaccount_appid', ['wxm_appid']]],
      wxm_SignedService: [],
    });
    for (const entity of entities) {
      expectBothLanguages(entity.LocalizedNames.LocalizedName, `${entity['@Name']} names`);
      expectBothLanguages(entity.LocalizedCollectionNames.LocalizedCollectionName, `${entity['@Name']} collection names`);
      for (const attribute of entity.attributes.attribute)
        expectBothLanguages(attribute.displaynames.displayname, `${entity['@Name']}.${attribute.LogicalName}`);
    }
  });

  it('stores the fixed columns with the types and lengths the relay relies on', () => {
    const xml = customizations;
    const attribute = (entity: string, name: string) =>
      xml.Entities.Entity.find((e: any) => e.EntityInfo.entity['@Name'] === entity).EntityInfo.entity.attributes.attribute.find(
        (a: any) => a.LogicalName === name,
      );
    expect(attribute('wxm_OfficialAccount', 'wxm_appid')).toMatchObject({ Type: 'nvarchar', MaxLength: 32, RequiredLevel: 'required' });
    expect(attribute('wxm_Follower', 'wxm_openid')).toMatchObject({ Type: 'nvarchar', MaxLength: 64 });
    expect(attribute('wxm_Follower', 'wxm_unionid')).toMatchObject({ Type: 'nvarchar', MaxLength: 64 });
    expect(attribute('wxm_Message', 'wxm_content')).toMatchObject({ Type: 'ntext', MaxLength: 1048576 });
    expect(attribute('wxm_Message', 'wxm_wechatmsgid')).toMatchObject({ Type: 'nvarchar', MaxLength: 200 });
    expect(attribute('wxm_Message', 'wxm_direction')).toMatchObject({ Type: 'picklist', OptionSetName: 'wxm_direction' });
    expect(attribute('wxm_SignedService', 'wxm_clientsecret')).toMatchObject({ Type: 'nvarchar', IsSecured: 1 });
  });

  it('ships the global option sets with values in the publisher range 472610000-472619999', () => {
    const xml = customizations;
    const sets = xml.optionsets.optionset;
    expect(sets.map((s: any) => s['@Name'])).toEqual(optionSetNames());
    expect(sets.map((s: any) => s['@Name'])).toEqual(
      expect.arrayContaining([
        'wxm_accountstatus',
        'wxm_accounttype',
        'wxm_cloud',
        'wxm_connectionstatus',
        'wxm_deliverystatus',
        'wxm_direction',
        'wxm_messagetype',
        'wxm_subscribescene',
        'wxm_verificationtype',
      ]),
    );
    const direction = sets.find((s: any) => s['@Name'] === 'wxm_direction');
    expect(direction.options.option.map((o: any) => [Number(o['@value']), o.labels.label.map((l: any) => l['@description'])])).toEqual([
      [472610000, ['Inbound', '收到']],
      [472610001, ['Outbound', '发出']],
    ]);
    const values = sets.flatMap((set: any) => set.options.option.map((o: any) => Number(o['@value'])));
    expect(values.length).toBe(source.optionSets.reduce((n, s) => n + s.def.options.length, 0));
    expect(values.every((v: number) => v >= 472610000 && v <= 472619999)).toBe(true);
  });

  it('has the three roles, the field security profiles and the relationships', () => {
    const xml = customizations;
    expect(xml.Roles.Role.map((r: any) => r['@name'])).toEqual(['Wechat Marketing Administrator', 'Wechat Marketing Operator', 'Wechat Marketing Relay']);
    const operator = xml.Roles.Role.find((r: any) => r['@name'] === 'Wechat Marketing Operator');
    const privileges = operator.RolePrivileges.RolePrivilege.map((p: any) => `${p['@name']}:${p['@level']}`);
    expect(privileges).toContain('prvCreatewxm_Message:Basic');
    expect(privileges).toContain('prvReadwxm_Message:Global');
    expect(privileges.some((p: string) => p.includes('wxm_SignedService'))).toBe(false);
    expect(xml.FieldSecurityProfiles.FieldSecurityProfile.map((p: any) => p['@name'])).toEqual([
      'Wechat Marketing Secret Writers',
      'Wechat Marketing Relay Secrets',
    ]);
    const relationships = xml.EntityRelationships.EntityRelationship.map((r: any) => r['@Name']);
    expect(relationships).toEqual(
      expect.arrayContaining([
        'wxm_officialaccount_wxm_follower',
        'wxm_contact_wxm_follower',
        'wxm_officialaccount_wxm_message',
        'wxm_follower_wxm_message',
        'wxm_officialaccount_wxm_signedservice',
      ]),
    );
    // One per lookup column, one per N:N declaration.
    const lookups = source.tables.flatMap((t) => t.def.columns.filter((c) => c.kind === 'lookup').map((c) => (c as { relationship: string }).relationship));
    const manyToMany = source.tables.flatMap((t) => (t.def.manyToMany ?? []).map((r) => r.schemaName)).sort();
    expect(relationships).toEqual([...lookups, ...manyToMany]);
  });

  it('keeps the client secret out of every view', () => {
    const xml = customizations;
    const signed = xml.Entities.Entity.find((e: any) => e.EntityInfo.entity['@Name'] === 'wxm_SignedService');
    const views = signed.SavedQueries.savedqueries.savedquery;
    expect(views.length).toBe(6);
    for (const view of views) expect(JSON.stringify(view)).not.toContain('wxm_clientsecret');
  });

  it('has the app module and its sitemap with titles in both languages', () => {
    const xml = customizations;
    const siteMap = xml.AppModuleSiteMaps.AppModuleSiteMap;
    expect(siteMap.SiteMapUniqueName).toBe('wxm_WechatMarketing');
    const area = siteMap.SiteMap.Area[0];
    expect(area.Titles.Title.map((t: any) => [Number(t['@LCID']), t['@Title']])).toEqual([
      [1033, 'Wechat Marketing'],
      [2052, '微信营销'],
    ]);
    // Issue-10 entries appear with their table files (solution/src/dsl/present.ts).
    const has = (t: string) => tableNames().some((n) => n.toLowerCase() === t);
    const audience = ['wxm_follower', 'wxm_tag', 'wxm_qrcode', 'wxm_referralprogram', 'wxm_binding'].filter(has);
    // Issue 11: the Outreach group, in this order, with the tables on disk.
    const outreach = [
      'wxm_broadcast',
      'wxm_broadcastsend',
      'wxm_templatemessage',
      '$webresource:wxm_/pages/composer.html',
      'wxm_template',
      'wxm_subscriptionmessage',
      'wxm_subscriptiontemplate',
      'wxm_subscriptionconsent',
      'wxm_autoreply',
      'wxm_menu',
      'wxm_material',
    ].filter((entry) => entry.startsWith('$webresource:') || has(entry));
    expect(area.Group.map((g: any) => [g.Titles.Title[0]['@Title'], g.SubArea.map((s: any) => s['@Entity'] ?? s['@Url'])])).toEqual([
      ['Conversations', ['wxm_message']],
      ['Audience', [...audience, '$webresource:wxm_/pages/binding.html']],
      ...(outreach.length > 0 ? [['Outreach', outreach]] : []),
      ...(source.dashboards.some((d) => d.def.id === 'wxm_dashboard_followers') ? [['Analytics', ['/workplace/home_dashboards.aspx']]] : []),
      ['Accounts', ['wxm_officialaccount']],
      ['Settings', ['$webresource:wxm_/pages/starttouse.html', 'wxm_signedservice']],
    ]);
    const app = xml.AppModules.AppModule;
    expect(app.UniqueName).toBe('wxm_WechatMarketing');
    expectBothLanguages(app.LocalizedNames.LocalizedName, 'app names');
    expect(app.AppModuleComponents.AppModuleComponent.filter((c: any) => c['@type'] === '1').map((c: any) => c['@schemaName'])).toEqual(
      tableNames().map((n) => n.toLowerCase()),
    );
    expect(app.AppModuleRoleMaps.Role.length ?? 1).toBe(2);
  });
});

describe('solution.xml', () => {
  it('differs between the two zips only by the managed flag', () => {
    const flag = (text: string) => parseXml(text).ImportExportXml.SolutionManifest.Managed;
    expect(flag(unmanaged.get('solution.xml')!)).toBe(0);
    expect(flag(managed.get('solution.xml')!)).toBe(1);
    expect(managed.get('solution.xml')!.replace('<Managed>1</Managed>', '<Managed>0</Managed>')).toBe(unmanaged.get('solution.xml'));
    for (const [name, text] of unmanaged) if (name !== 'solution.xml') expect(managed.get(name), name).toBe(text);
  });

  it('names the solution, version from package.json, publisher prefixes and root components', () => {
    const manifest = parseXml(unmanaged.get('solution.xml')!).ImportExportXml.SolutionManifest;
    const pkg = JSON.parse(readFileSync(path.join(DEFAULT_REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.UniqueName).toBe('WechatMarketing');
    expect(manifest.Version).toBe(`${pkg.version}.0`);
    expectBothLanguages(manifest.LocalizedNames.LocalizedName, 'solution names');
    expect(manifest.Publisher.CustomizationPrefix).toBe('wxm');
    expect(manifest.Publisher.CustomizationOptionValuePrefix).toBe(47261);
    const roots = manifest.RootComponents.RootComponent.map((c: any) => `${c['@type']}:${c['@schemaName'] ?? 'id'}`);
    // Web resources (61) and controls (66) come from webresources/manifest.json and pcf-controls builds.
    expect(roots.filter((r: string) => r.startsWith('61:'))).toEqual(packages.webResources.map((r) => `61:${r.name}`));
    expect(roots.filter((r: string) => r.startsWith('61:'))).toContain('61:wxm_/pages/starttouse.html');
    expect(roots.filter((r: string) => r.startsWith('66:'))).toEqual(packages.controls.map((c) => `66:${c.name}`));
    expect(roots.filter((r: string) => !r.startsWith('61:') && !r.startsWith('66:'))).toEqual([
      ...tableNames().map((n) => `1:${n.toLowerCase()}`),
      ...optionSetNames().map((n) => `9:${n}`),
      ...source.roles.map(() => '20:id'),
      ...source.dashboards.map(() => '60:id'),
      '62:wxm_WechatMarketing',
      '70:id',
      '70:id',
      '80:wxm_WechatMarketing',
    ]);
  });
});

describe('zip layout', () => {
  it('has forward-slash entries with [Content_Types].xml last', () => {
    const order = zipEntryOrder(packages.unmanaged);
    expect(order).toEqual([
      'solution.xml',
      'customizations.xml',
      ...packages.webResources.map((r) => `WebResources/${r.name}`),
      ...packages.controls.flatMap((c) => c.files.map((f) => `Controls/${c.name}/${f.path}`)),
      'environmentvariabledefinitions/wxm_RelayUrl/environmentvariabledefinition.xml',
      '[Content_Types].xml',
    ]);
    expect(order).toContain('WebResources/wxm_/pages/starttouse.html');
    expect(order.every((name) => !name.includes('\\'))).toBe(true);
    expect(zipEntryOrder(packages.managed)).toEqual(order);
  });

  it('declares a content type for every extension in the zip', () => {
    const types = parseXml(unmanaged.get('[Content_Types].xml')!).Types;
    const declared = types.Default.map((d: any) => d['@Extension']);
    const extensions = [...new Set(zipEntryOrder(packages.unmanaged).map((e) => e.slice(e.lastIndexOf('.') + 1).toLowerCase()))].sort();
    expect(declared).toEqual(extensions);
    expect(types.Default.filter((d: any) => ['html', 'xml'].includes(d['@Extension'])).map((d: any) => [d['@Extension'], d['@ContentType']])).toEqual([
      ['html', 'text/html'],
      ['xml', 'text/xml'],
    ]);
  });

  it('carries the wxm_RelayUrl environment variable definition with both labels', () => {
    const definition = parseXml(unmanaged.get('environmentvariabledefinitions/wxm_RelayUrl/environmentvariabledefinition.xml')!).environmentvariabledefinition;
    expect(definition['@schemaname']).toBe('wxm_RelayUrl');
    expect(definition.type).toBe(100000000);
    expectBothLanguages(definition.displayname[0].label, 'env var display name');
    expectBothLanguages(definition.description.label, 'env var description');
  });

  it('is byte-identical when packed again', async () => {
    const again = buildPackages(await cloneSource(), readPackageVersion(DEFAULT_REPO_ROOT));
    expect(Buffer.from(again.unmanaged).equals(Buffer.from(packages.unmanaged))).toBe(true);
    expect(Buffer.from(again.managed).equals(Buffer.from(packages.managed))).toBe(true);
  });
});

describe('solution version', () => {
  it('turns x.y.z into x.y.z.0 and refuses anything else', () => {
    expect(solutionVersion('1.4.12')).toBe('1.4.12.0');
    expect(() => solutionVersion('1.4.12-beta.1')).toThrow('package.json version "1.4.12-beta.1" must be x.y.z');
    expect(() => solutionVersion('')).toThrow('must be x.y.z');
  });
});

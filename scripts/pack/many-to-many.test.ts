/**
 * N:N relationships from the DSL to the three places they appear: the schema model the relay and the emulator read,
 * the generated module's `associations`, and customizations.xml's ManyToMany EntityRelationship (checked with
 * xmllint against the 9.0 schema, and element by element against the export shape). The definitions are a copy of
 * the repository's with a tag table added when the repository has none yet (the tags engineer owns wxm_tag.ts).
 */
import { describe, expect, it } from 'vitest';
import { text } from '../../solution/src/dsl/columns.js';
import { label } from '../../solution/src/dsl/labels.js';
import type { ManyToManyDef, TableDef } from '../../solution/src/dsl/types.js';
import { SolutionDefinitionError } from '../../solution/tooling/errors.js';
import type { SolutionSource } from '../../solution/tooling/load.js';
import { renderSchemaModule } from '../../solution/tooling/render-schema.js';
import { buildSchemaModel } from '../../solution/tooling/schema-model.js';
import { validateSource } from '../../solution/tooling/validate.js';
import { DEFAULT_REPO_ROOT } from '../../solution/tooling/load.js';
import { buildPackages, readPackageVersion } from './pack.js';
import { cloneSource, parseXml, unzip, xsdErrors } from './test-support.js';

const FOLLOWER_TAG: ManyToManyDef = {
  schemaName: 'wxm_follower_wxm_tag',
  intersectEntityName: 'wxm_follower_tag',
  entity1: 'wxm_follower',
  entity2: 'wxm_tag',
  description: label('Tags of a follower.', '粉丝的标签。'),
};

/** A minimal tag table declaring the relationship, used when the repository's wxm_tag.ts does not exist yet. */
function tagTable(): TableDef {
  return {
    schemaName: 'wxm_Tag',
    entitySetName: 'wxm_tags',
    displayName: label('Tag', '标签'),
    pluralName: label('Tags', '标签'),
    description: label('A WeChat tag.', '微信标签。'),
    ownership: 'UserOwned',
    primaryName: text('wxm_Name', label('Name', '名称'), label('Tag name.', '标签名。'), 30, { required: 'required' }),
    columns: [],
    keys: [],
    hasNotes: false,
    quickCreate: false,
    audit: false,
    manyToMany: [structuredClone(FOLLOWER_TAG)],
  };
}

async function sourceWithTags(): Promise<SolutionSource> {
  const source = await cloneSource();
  const existing = source.tables.find((t) => t.def.schemaName.toLowerCase() === 'wxm_tag');
  if (existing) {
    if (!(existing.def.manyToMany ?? []).some((r) => r.schemaName === FOLLOWER_TAG.schemaName)) existing.def.manyToMany = [structuredClone(FOLLOWER_TAG)];
  } else source.tables.push({ file: 'solution/src/tables/wxm_tag.ts', def: tagTable() });
  return source;
}

describe('N:N relationships', () => {
  it('become ManyToManyRelationshipModel entries with the intersect columns and both navigation properties', async () => {
    const model = buildSchemaModel(await sourceWithTags());
    expect(model.manyToManyRelationships).toContainEqual({
      schemaName: 'wxm_follower_wxm_tag',
      intersectEntityName: 'wxm_follower_tag',
      entity1LogicalName: 'wxm_follower',
      entity1IntersectAttribute: 'wxm_followerid',
      entity1NavigationPropertyName: 'wxm_follower_wxm_tag',
      entity2LogicalName: 'wxm_tag',
      entity2IntersectAttribute: 'wxm_tagid',
      entity2NavigationPropertyName: 'wxm_follower_wxm_tag',
    });
  });

  it('give both tables an `associations` entry in the generated module', async () => {
    const source = await sourceWithTags();
    const module = renderSchemaModule(source, buildSchemaModel(source));
    const follower = module.slice(module.indexOf('export const Follower = {'));
    expect(follower.slice(0, follower.indexOf('} as const;'))).toContain(
      `associations: {\n    "wxm_follower_wxm_tag": { navigation: "wxm_follower_wxm_tag", related: "wxm_tag" },\n  },`,
    );
    const tag = module.slice(module.indexOf('export const Tag = {'));
    expect(tag.slice(0, tag.indexOf('} as const;'))).toContain(
      `associations: {\n    "wxm_follower_wxm_tag": { navigation: "wxm_follower_wxm_tag", related: "wxm_follower" },\n  },`,
    );
  });

  it('pack as a ManyToMany EntityRelationship that validates against the 9.0 schema', async () => {
    const packages = buildPackages(await sourceWithTags(), readPackageVersion(DEFAULT_REPO_ROOT));
    const xml = unzip(packages.unmanaged).get('customizations.xml')!;
    expect(xsdErrors(xml)).toBe('');
    const relationships = parseXml(xml).ImportExportXml.EntityRelationships.EntityRelationship;
    const nn = relationships.filter((r: any) => r.EntityRelationshipType === 'ManyToMany');
    const ours = nn.find((r: any) => r['@Name'] === 'wxm_follower_wxm_tag');
    expect(ours).toMatchObject({
      IsCustomizable: 1,
      IsHierarchical: 0,
      FirstEntityName: 'wxm_Follower',
      SecondEntityName: 'wxm_Tag',
      IntersectEntityName: 'wxm_follower_tag',
      CascadeAssign: 'NoCascade',
      CascadeDelete: 'NoCascade',
      IsValidForAdvancedFind: 1,
    });
    expect(ours.ReferencingEntityName).toBeUndefined();
    expect(ours.EntityRelationshipRoles.EntityRelationshipRole).toEqual([
      {
        NavPaneDisplayOption: 'UseCollectionName',
        NavPaneArea: 'Details',
        NavPaneOrder: 10000,
        NavigationPropertyName: 'wxm_follower_wxm_tag',
        RelationshipRoleType: 0,
      },
      {
        NavPaneDisplayOption: 'UseCollectionName',
        NavPaneArea: 'Details',
        NavPaneOrder: 10000,
        NavigationPropertyName: 'wxm_follower_wxm_tag',
        RelationshipRoleType: 0,
      },
    ]);
    expect(ours.RelationshipDescription.Descriptions.Description.map((d: any) => [d['@languagecode'], d['@description']])).toEqual([
      ['1033', 'Tags of a follower.'],
      ['2052', '粉丝的标签。'],
    ]);
    // After every one-to-many: exports group relationships by type.
    expect(relationships.at(-nn.length).EntityRelationshipType).toBe('ManyToMany');
  });

  it('pack the same bytes twice', async () => {
    const version = readPackageVersion(DEFAULT_REPO_ROOT);
    const a = buildPackages(await sourceWithTags(), version);
    const b = buildPackages(await sourceWithTags(), version);
    expect(Buffer.from(a.managed).equals(Buffer.from(b.managed))).toBe(true);
  });

  it('refuse unknown tables, names without the prefix, an intersect name that is a table and a duplicate name', async () => {
    const source = await sourceWithTags();
    const tag = source.tables.find((t) => t.def.schemaName.toLowerCase() === 'wxm_tag')!;
    tag.def.manyToMany = [
      { ...FOLLOWER_TAG, entity1: 'wxm_nothing' },
      { ...FOLLOWER_TAG, schemaName: 'follower_tag', intersectEntityName: 'wxm_message' },
      { ...FOLLOWER_TAG, schemaName: 'wxm_contact_wxm_follower', intersectEntityName: 'wxm_other', entity1: 'contact', entity2: 'wxm_follower' },
    ];
    const messages = validateSource(source, { forPack: false })
      .filter((p) => p.element.startsWith('manyToMany'))
      .map((p) => `${p.element}: ${p.message}`);
    expect(messages).toEqual([
      'manyToMany wxm_follower_wxm_tag: table "wxm_nothing" is not a known table',
      'manyToMany follower_tag: schema name must start with "wxm_"',
      expect.stringMatching(/^manyToMany follower_tag intersect entity: duplicate table schema name "wxm_message"/),
      expect.stringMatching(/^manyToMany wxm_contact_wxm_follower: duplicate relationship schema name "wxm_contact_wxm_follower"/),
      'manyToMany wxm_contact_wxm_follower: must be declared on one of its two tables (contact, wxm_follower)',
    ]);
    expect(() => buildPackages(source, readPackageVersion(DEFAULT_REPO_ROOT))).toThrow(SolutionDefinitionError);
  });
});

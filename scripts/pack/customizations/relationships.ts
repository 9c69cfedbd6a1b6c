/** `<EntityRelationships>`: one one-to-many relationship per lookup column, one many-to-many per N:N declaration. */
import type { LookupColumnDef, ManyToManyDef, TableDef } from '../../../solution/src/dsl/types.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

/** Exports name platform tables by schema name (Contact), ours by theirs (wxm_Follower). */
const PLATFORM_SCHEMA_NAMES: Record<string, string> = {
  contact: 'Contact',
  systemuser: 'SystemUser',
  team: 'Team',
  businessunit: 'BusinessUnit',
  lead: 'Lead',
  list: 'List',
  campaign: 'Campaign',
};

function exportName(tables: TableDef[], logicalName: string): string {
  return tables.find((t) => t.schemaName.toLowerCase() === logicalName)?.schemaName ?? PLATFORM_SCHEMA_NAMES[logicalName] ?? logicalName;
}

function relationshipXml(tables: TableDef[], table: TableDef, column: LookupColumnDef): XmlElement {
  const referenced = exportName(tables, column.target);
  return el(
    'EntityRelationship',
    { Name: column.relationship },
    leaf('EntityRelationshipType', 'OneToMany'),
    leaf('IsCustomizable', true),
    leaf('IntroducedVersion', INTRODUCED_VERSION),
    leaf('IsHierarchical', false),
    leaf('ReferencingEntityName', table.schemaName),
    leaf('ReferencedEntityName', referenced),
    leaf('CascadeAssign', 'NoCascade'),
    leaf('CascadeDelete', column.cascadeDelete),
    leaf('CascadeReparent', 'NoCascade'),
    leaf('CascadeShare', 'NoCascade'),
    leaf('CascadeUnshare', 'NoCascade'),
    leaf('CascadeRollupView', 'NoCascade'),
    leaf('IsValidForAdvancedFind', true),
    leaf('ReferencingAttributeName', column.schemaName),
    el('RelationshipDescription', {}, labels('Descriptions', 'Description', column.description)),
    el(
      'EntityRelationshipRoles',
      {},
      el(
        'EntityRelationshipRole',
        {},
        leaf('NavPaneDisplayOption', 'UseCollectionName'),
        leaf('NavPaneArea', 'Details'),
        leaf('NavPaneOrder', 10000),
        leaf('NavigationPropertyName', column.schemaName),
        leaf('RelationshipRoleType', 1),
      ),
      el('EntityRelationshipRole', {}, leaf('NavigationPropertyName', column.relationship), leaf('RelationshipRoleType', 0)),
    ),
  );
}

/** One side of an N:N: shown in the related-records pane of the other table under its plural name. */
function manyToManyRole(navigationPropertyName: string): XmlElement {
  return el(
    'EntityRelationshipRole',
    {},
    leaf('NavPaneDisplayOption', 'UseCollectionName'),
    leaf('NavPaneArea', 'Details'),
    leaf('NavPaneOrder', 10000),
    leaf('NavigationPropertyName', navigationPropertyName),
    leaf('RelationshipRoleType', 0),
  );
}

/**
 * A ManyToMany relationship as exports write it: First/SecondEntityName (schema names), the intersect entity's
 * logical name, no cascade (an N:N row only links) and one role per side whose NavigationPropertyName is that
 * side's collection (ManyToManyRelationshipMetadata.Entity1/Entity2NavigationPropertyName;
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/manytomanyrelationshipmetadata).
 */
function manyToManyXml(tables: TableDef[], relationship: ManyToManyDef): XmlElement {
  return el(
    'EntityRelationship',
    { Name: relationship.schemaName },
    leaf('EntityRelationshipType', 'ManyToMany'),
    leaf('IsCustomizable', true),
    leaf('IntroducedVersion', INTRODUCED_VERSION),
    leaf('IsHierarchical', false),
    leaf('FirstEntityName', exportName(tables, relationship.entity1)),
    leaf('SecondEntityName', exportName(tables, relationship.entity2)),
    leaf('IntersectEntityName', relationship.intersectEntityName),
    leaf('CascadeAssign', 'NoCascade'),
    leaf('CascadeDelete', 'NoCascade'),
    leaf('CascadeReparent', 'NoCascade'),
    leaf('CascadeShare', 'NoCascade'),
    leaf('CascadeUnshare', 'NoCascade'),
    leaf('CascadeRollupView', 'NoCascade'),
    leaf('IsValidForAdvancedFind', true),
    el('RelationshipDescription', {}, labels('Descriptions', 'Description', relationship.description)),
    el(
      'EntityRelationshipRoles',
      {},
      manyToManyRole(relationship.entity1NavigationPropertyName ?? relationship.schemaName),
      manyToManyRole(relationship.entity2NavigationPropertyName ?? relationship.schemaName),
    ),
  );
}

export function entityRelationshipsXml(tables: TableDef[]): XmlElement {
  const oneToMany = tables.flatMap((table) =>
    table.columns.filter((c): c is LookupColumnDef => c.kind === 'lookup').map((column) => relationshipXml(tables, table, column)),
  );
  const manyToMany = tables
    .flatMap((table) => table.manyToMany ?? [])
    .sort((a, b) => (a.schemaName < b.schemaName ? -1 : a.schemaName > b.schemaName ? 1 : 0))
    .map((r) => manyToManyXml(tables, r));
  return el('EntityRelationships', {}, oneToMany, manyToMany);
}

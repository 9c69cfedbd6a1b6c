/** `<EntityRelationships>`: one one-to-many relationship per lookup column the solution defines. */
import type { LookupColumnDef, TableDef } from '../../../solution/src/dsl/types.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

/** Exports name platform tables by schema name (Contact), ours by theirs (wxm_Follower). */
const PLATFORM_SCHEMA_NAMES: Record<string, string> = { contact: 'Contact', systemuser: 'SystemUser', team: 'Team', businessunit: 'BusinessUnit' };

function relationshipXml(tables: TableDef[], table: TableDef, column: LookupColumnDef): XmlElement {
  const referenced = tables.find((t) => t.schemaName.toLowerCase() === column.target)?.schemaName ?? PLATFORM_SCHEMA_NAMES[column.target] ?? column.target;
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

export function entityRelationshipsXml(tables: TableDef[]): XmlElement {
  const relationships = tables.flatMap((table) =>
    table.columns.filter((c): c is LookupColumnDef => c.kind === 'lookup').map((column) => relationshipXml(tables, table, column)),
  );
  return el('EntityRelationships', {}, relationships);
}

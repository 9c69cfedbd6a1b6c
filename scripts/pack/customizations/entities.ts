/**
 * `<Entity>` elements: the table's metadata (names, attributes, settings, alternate keys) followed
 * by its forms and views, in the shape real exports use.
 */
import type { FormDef, TableDef, ViewDef } from '../../../solution/src/dsl/types.js';
import type { ChartDef } from '../../../solution/src/dsl/types-analytics.js';
import { visualizationsXml } from './charts.js';
import { primaryKeyColumn, systemColumns } from '../../../solution/tooling/system-columns.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { customAttribute, systemAttribute } from './attributes.js';
import { formsXml, type FormContext } from './forms.js';
import { INTRODUCED_VERSION, labels } from './labels.js';
import { savedQueriesXml } from './views.js';

function byName(a: XmlElement, b: XmlElement): number {
  const name = (e: XmlElement) => (e.attrs.find(([k]) => k === 'PhysicalName')?.[1] ?? '').toLowerCase();
  return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
}

function attributesXml(table: TableDef): XmlElement {
  const attributes = [
    systemAttribute(table, primaryKeyColumn(table)),
    customAttribute(table, table.primaryName, true),
    ...table.columns.map((c) => customAttribute(table, c, false)),
    ...systemColumns(table)
      .filter((c) => c.exported)
      .map((c) => systemAttribute(table, c)),
  ];
  // Exports list attributes by name.
  return el('attributes', {}, attributes.sort(byName));
}

function keysXml(table: TableDef): XmlElement | undefined {
  if (table.keys.length === 0) return undefined;
  return el(
    'EntityKeys',
    {},
    table.keys.map((key) =>
      el(
        'EntityKey',
        {},
        leaf('Name', key.schemaName),
        leaf('LogicalName', key.schemaName.toLowerCase()),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        leaf('IsCustomizable', true),
        labels('displaynames', 'displayname', key.displayName),
        el(
          'EntityKeyAttributes',
          {},
          key.columns.map((c) => leaf('AttributeName', c)),
        ),
      ),
    ),
  );
}

/**
 * Solution XML spells ownership differently from the metadata API: `OrgOwned`, not `OrganizationOwned`, which
 * Dataverse rejects on import (0x80044150). Real exports: microsoft/coe-starter-kit
 * ALMAcceleratorForAdvancedMakers/SolutionPackage/Entities/cat_DeploymentProfile/Entity.xml (OrgOwned),
 * microsoft/powercat-business-approvals-kit …/Entities/cat_BusinessApprovalCondition/Entity.xml (UserOwned).
 */
export const OWNERSHIP_TYPE_MASK: Record<TableDef['ownership'], string> = { UserOwned: 'UserOwned', OrganizationOwned: 'OrgOwned' };

function settings(table: TableDef): XmlElement[] {
  const flags: [string, string | number | boolean][] = [
    ['EntitySetName', table.entitySetName],
    ['HasRelatedNotes', table.hasNotes ? 'True' : 'False'],
    ['IsDuplicateCheckSupported', false],
    ['IsBusinessProcessEnabled', false],
    ['IsRequiredOffline', false],
    ['IsInteractionCentricEnabled', false],
    ['IsCollaboration', false],
    ['AutoRouteToOwnerQueue', false],
    ['IsConnectionsEnabled', false],
    ['IsDocumentManagementEnabled', false],
    ['AutoCreateAccessTeams', false],
    ['IsOneNoteIntegrationEnabled', false],
    ['IsKnowledgeManagementEnabled', false],
    ['IsSLAEnabled', false],
    ['IsDocumentRecommendationsEnabled', false],
    ['IsBPFEntity', false],
    ['OwnershipTypeMask', OWNERSHIP_TYPE_MASK[table.ownership]],
    ['IsAuditEnabled', table.audit],
    ['IsActivity', false],
    ['IsActivityParty', false],
    ['IsReplicated', false],
    ['IsReplicationUserFiltered', false],
    ['IsMailMergeEnabled', false],
    ['IsVisibleInMobile', false],
    ['IsVisibleInMobileClient', true],
    ['IsReadOnlyInMobileClient', false],
    ['IsOfflineInMobileClient', false],
    ['DaysSinceRecordLastModified', 0],
    ['IsMapiGridEnabled', true],
    ['IsReadingPaneEnabled', true],
    ['IsQuickCreateEnabled', table.quickCreate],
    ['SyncToExternalSearchIndex', false],
    ['IntroducedVersion', INTRODUCED_VERSION],
    ['IsCustomizable', true],
    ['IsRenameable', true],
    ['IsMappable', true],
    ['CanModifyAuditSettings', true],
    ['CanModifyMobileVisibility', true],
    ['CanModifyMobileClientVisibility', true],
    ['CanModifyMobileClientReadOnly', true],
    ['CanModifyMobileClientOffline', true],
    ['CanModifyConnectionSettings', true],
    ['CanModifyDuplicateDetectionSettings', true],
    ['CanModifyMailMergeSettings', true],
    ['CanModifyQueueSettings', true],
    ['CanCreateAttributes', true],
    ['CanCreateForms', true],
    ['CanCreateCharts', true],
    ['CanCreateViews', true],
    ['CanModifyAdditionalSettings', true],
    ['CanEnableSyncToExternalSearchIndex', true],
    ['EnforceStateTransitions', false],
    ['CanChangeHierarchicalRelationship', true],
    ['EntityHelpUrlEnabled', false],
    ['ChangeTrackingEnabled', false],
    ['CanChangeTrackingBeEnabled', true],
    ['IsEnabledForExternalChannels', false],
  ];
  return flags.map(([name, value]) => leaf(name, value));
}

export function entityXml(table: TableDef, forms: FormDef[], views: ViewDef[], context: FormContext, charts: ChartDef[] = []): XmlElement {
  const logicalName = table.schemaName.toLowerCase();
  return el(
    'Entity',
    {},
    el('Name', { LocalizedName: table.displayName[1033], OriginalName: table.displayName[1033] }, table.schemaName),
    el(
      'EntityInfo',
      {},
      el(
        'entity',
        { Name: table.schemaName },
        labels('LocalizedNames', 'LocalizedName', table.displayName),
        labels('LocalizedCollectionNames', 'LocalizedCollectionName', table.pluralName),
        labels('Descriptions', 'Description', table.description),
        attributesXml(table),
        settings(table),
        keysXml(table),
      ),
    ),
    el('FormXml', {}, formsXml(table, forms, context)),
    savedQueriesXml(logicalName, table, views),
    visualizationsXml(logicalName, charts),
  );
}

/**
 * customizations.xml: root elements in the order of the ImportExportXml sequence of the 9.0
 * CustomizationsSolution.xsd (Entities, Roles, Workflows, FieldSecurityProfiles, …, Languages).
 */
import type { SolutionSource } from '../../../solution/tooling/load.js';
import type { BuiltControl } from '../controls.js';
import type { WebResource } from '../webresources.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { guid } from '../uuid.js';
import { appModuleXml, siteMapXml } from './app.js';
import { chartGuid } from './charts.js';
import { dashboardGuid, dashboardsXml } from './dashboards.js';
import { entityXml } from './entities.js';
import { INTRODUCED_VERSION } from './labels.js';
import { optionSetsXml } from './optionsets.js';
import { entityRelationshipsXml } from './relationships.js';
import { fieldSecurityProfilesXml, rolesXml } from './security.js';

/** Where a web resource sits in the zip (FileName in the XML is this with a leading slash). */
export function webResourceEntry(resource: WebResource): string {
  return `WebResources/${resource.name}`;
}

function webResourcesXml(resources: WebResource[]): XmlElement {
  return el(
    'WebResources',
    {},
    resources.map((r) =>
      el(
        'WebResource',
        {},
        leaf('WebResourceId', guid('webresource', r.name)),
        leaf('Name', r.name),
        leaf('DisplayName', r.displayName[1033]),
        leaf('Description', r.description[1033]),
        leaf('WebResourceType', r.type),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        leaf('IsEnabledForMobileClient', false),
        leaf('IsAvailableForMobileOffline', false),
        leaf('IsCustomizable', true),
        leaf('CanBeDeleted', true),
        leaf('IsHidden', false),
        leaf('FileName', `/${webResourceEntry(r)}`),
      ),
    ),
  );
}

function customControlsXml(controls: BuiltControl[]): XmlElement {
  return el(
    'CustomControls',
    {},
    controls.map((c) => el('CustomControl', {}, leaf('Name', c.name), leaf('FileName', `/Controls/${c.name}/ControlManifest.xml`))),
  );
}

export function customizationsXml(source: SolutionSource, resources: WebResource[], controls: BuiltControl[]): XmlElement {
  const tables = source.tables.map((t) => t.def);
  const context = { customControls: new Map(controls.map((c) => [c.name, { boundProperty: c.boundProperty }])) };
  const formsOf = (table: string) => source.forms.find((f) => f.def.table === table)?.def.forms ?? [];
  const viewsOf = (table: string) => source.views.find((v) => v.def.table === table)?.def.views ?? [];
  const chartsOf = (table: string) => source.charts.find((c) => c.def.table === table)?.def.charts ?? [];
  const dashboards = source.dashboards.map((d) => d.def);
  const logicalNames = tables.map((t) => t.schemaName.toLowerCase());
  const app = source.appModule && source.siteMap;
  return el(
    'ImportExportXml',
    // Real exports also carry OrganizationVersion, OrganizationSchemaType and CRMServerServiceabilityVersion
    // here; the 9.0 schema declares no attributes on the root, so they are left out to stay valid.
    { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
    el(
      'Entities',
      {},
      tables.map((t) => entityXml(t, formsOf(t.schemaName.toLowerCase()), viewsOf(t.schemaName.toLowerCase()), context, chartsOf(t.schemaName.toLowerCase()))),
    ),
    rolesXml(
      source.roles.map((r) => r.def),
      tables,
    ),
    el('Workflows'),
    fieldSecurityProfilesXml(source.fieldSecurityProfiles.map((p) => p.def)),
    el('Templates'),
    el('EntityMaps'),
    entityRelationshipsXml(tables),
    el('OrganizationSettings'),
    optionSetsXml(source.optionSets.map((s) => s.def)),
    dashboardsXml(dashboards),
    webResourcesXml(resources),
    customControlsXml(controls),
    app ? siteMapXml(source.siteMap!.def) : undefined,
    app
      ? appModuleXml(source.appModule!.def, source.siteMap!.def, {
          tables: logicalNames,
          formIds: logicalNames.flatMap((t) => formsOf(t).map((f) => f.id)),
          viewIds: logicalNames.flatMap((t) => viewsOf(t).map((v) => v.id)),
          chartGuids: logicalNames.flatMap((t) => chartsOf(t).map((c) => chartGuid(t, c.id))),
          dashboardGuids: dashboards.map((d) => dashboardGuid(d.id)),
        })
      : undefined,
    el('Languages', {}, leaf('Language', 1033), leaf('Language', 2052)),
  );
}

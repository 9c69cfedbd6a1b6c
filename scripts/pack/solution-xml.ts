/**
 * solution.xml: the manifest Dataverse reads first: unique name, version, managed flag,
 * publisher (prefix and option value prefix) and the root components the solution contains.
 * Component type codes: 1 table, 9 option set, 20 role, 61 web resource, 62 sitemap,
 * 66 custom control, 70 field security profile, 80 app. Environment variable definitions (380) are not listed:
 * real exports carry them only as environmentvariabledefinitions/<name>/environmentvariabledefinition.xml
 * (microsoft/coe-starter-kit CenterofExcellenceCoreComponents/SolutionPackage/src/Other/Solution.xml with 65
 * definitions, microsoft/powercat-business-approvals-kit BusinessApprovalKit/SolutionPackage/src/Other/Solution.xml
 * with 4: neither has a type 380 root component).
 */
import type { SolutionSource } from '../../solution/tooling/load.js';
import type { BuiltControl } from './controls.js';
import { labels } from './customizations/labels.js';
import { guid } from './uuid.js';
import { dashboardGuid } from './customizations/dashboards.js';
import type { WebResource } from './webresources.js';
import { el, leaf, type XmlElement } from './xml.js';

const NIL = { 'xsi:nil': 'true' };
const ADDRESS_FIELDS = [
  'City',
  'County',
  'Country',
  'Fax',
  'FreightTermsCode',
  'ImportSequenceNumber',
  'Latitude',
  'Line1',
  'Line2',
  'Line3',
  'Longitude',
  'Name',
  'PostalCode',
  'PostOfficeBox',
  'PrimaryContactName',
  'ShippingMethodCode',
  'StateOrProvince',
  'Telephone1',
  'Telephone2',
  'Telephone3',
  'TimeZoneRuleVersionNumber',
  'UPSZone',
  'UTCOffset',
  'UTCConversionTimeZoneCode',
];

function address(number: number): XmlElement {
  return el(
    'Address',
    {},
    leaf('AddressNumber', number),
    leaf('AddressTypeCode', 1),
    ADDRESS_FIELDS.map((f) => el(f, NIL)),
  );
}

function rootComponents(source: SolutionSource, resources: WebResource[], controls: BuiltControl[]): XmlElement {
  const components: XmlElement[] = [
    ...source.tables.map((t) => el('RootComponent', { type: 1, schemaName: t.def.schemaName.toLowerCase(), behavior: 0 })),
    ...source.optionSets.map((s) => el('RootComponent', { type: 9, schemaName: s.def.name, behavior: 0 })),
    ...source.roles.map((r) => el('RootComponent', { type: 20, id: guid('role', r.def.id), behavior: 0 })),
    // System dashboards are system forms (60); charts travel with their table (type 1, behavior 0).
    ...source.dashboards.map((d) => el('RootComponent', { type: 60, id: dashboardGuid(d.def.id), behavior: 0 })),
    ...resources.map((r) => el('RootComponent', { type: 61, schemaName: r.name, behavior: 0 })),
    ...(source.siteMap ? [el('RootComponent', { type: 62, schemaName: source.siteMap.def.uniqueName, behavior: 0 })] : []),
    ...controls.map((c) => el('RootComponent', { type: 66, schemaName: c.name, behavior: 0 })),
    ...source.fieldSecurityProfiles.map((p) => el('RootComponent', { type: 70, id: guid('fieldsecurityprofile', p.def.id), behavior: 0 })),
    ...(source.appModule ? [el('RootComponent', { type: 80, schemaName: source.appModule.def.uniqueName, behavior: 0 })] : []),
  ];
  return el('RootComponents', {}, components);
}

export function solutionXml(source: SolutionSource, version: string, managed: boolean, resources: WebResource[], controls: BuiltControl[]): XmlElement {
  const { def: solution } = source.solution;
  const { def: publisher } = source.publisher;
  return el(
    'ImportExportXml',
    { version: '9.2.0.0', SolutionPackageVersion: '9.2', languagecode: 1033, generatedBy: 'CrmLive', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
    el(
      'SolutionManifest',
      {},
      leaf('UniqueName', solution.uniqueName),
      labels('LocalizedNames', 'LocalizedName', solution.displayName),
      labels('Descriptions', 'Description', solution.description),
      leaf('Version', version),
      leaf('Managed', managed ? 1 : 0),
      el(
        'Publisher',
        {},
        leaf('UniqueName', publisher.uniqueName),
        labels('LocalizedNames', 'LocalizedName', publisher.displayName),
        labels('Descriptions', 'Description', publisher.description),
        el('EMailAddress', NIL),
        leaf('SupportingWebsiteUrl', publisher.website),
        leaf('CustomizationPrefix', publisher.prefix),
        leaf('CustomizationOptionValuePrefix', publisher.optionValuePrefix),
        el('Addresses', {}, address(1), address(2)),
      ),
      rootComponents(source, resources, controls),
      el('MissingDependencies'),
    ),
  );
}

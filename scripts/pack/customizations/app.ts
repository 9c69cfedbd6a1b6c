/**
 * `<AppModuleSiteMaps>` and `<AppModules>`: the model-driven app, its navigation, and which
 * tables, forms, views and roles belong to it (component types 1 entity, 60 form, 26 view,
 * 62 sitemap). The settings newer than the 9.0 schema (the sitemap's EnableCollapsibleGroups/ShowHome/
 * ShowPinned/ShowRecents, the app's OptimizedFor/statecode/statuscode/NavigationType) and the sub areas'
 * Client/Sku lists are written as every current export writes them: microsoft/coe-starter-kit
 * ALMAcceleratorForAdvancedMakers/SolutionPackage/{AppModules,AppModuleSiteMaps}/cat_DeploymentProfiles/*.xml and
 * microsoft/powercat-business-approvals-kit BusinessApprovalKit/SolutionPackage/src/{AppModules,AppModuleSiteMaps}/
 * cat_BusinessApprovalManagement/*.xml.
 */
import type { AppModuleDef, SiteMapDef } from '../../../solution/src/dsl/types-components.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels, titles } from './labels.js';
import { dashboardGuid } from './dashboards.js';

/** The platform's default app icon web resource, used by apps that have no icon of their own. */
export const DEFAULT_APP_ICON = '953b9fac-1e5e-e611-80d6-00155ded156f';

/** What the sitemap designer writes for a sub area shown everywhere (both exports above). */
const ALL_CLIENTS = 'All,Outlook,OutlookLaptopClient,OutlookWorkstationClient,Web';
const ALL_SKUS = 'All,OnPremise,Live,SPLA';

export function siteMapXml(siteMap: SiteMapDef): XmlElement {
  return el(
    'AppModuleSiteMaps',
    {},
    el(
      'AppModuleSiteMap',
      {},
      leaf('SiteMapUniqueName', siteMap.uniqueName),
      leaf('EnableCollapsibleGroups', 'False'),
      leaf('ShowHome', 'True'),
      leaf('ShowPinned', 'True'),
      leaf('ShowRecents', 'True'),
      el(
        'SiteMap',
        { IntroducedVersion: '7.0.0.0' },
        siteMap.areas.map((area) =>
          el(
            'Area',
            { Id: area.id, ShowGroups: 'true', IntroducedVersion: '7.0.0.0' },
            titles(area.title),
            area.groups.map((group) =>
              el(
                'Group',
                { Id: group.id, IntroducedVersion: '7.0.0.0', IsProfile: 'false' },
                titles(group.title),
                group.subAreas.map((sub) =>
                  el(
                    'SubArea',
                    'table' in sub
                      ? { Id: sub.id, Entity: sub.table, Client: ALL_CLIENTS, AvailableOffline: 'true', PassParams: 'false', Sku: ALL_SKUS }
                      : 'dashboard' in sub
                        ? // A dashboard sub area opens the dashboards page on this one (SiteMapType.xsd SubArea.DefaultDashboard).
                          {
                            Id: sub.id,
                            DefaultDashboard: dashboardGuid(sub.dashboard),
                            Url: '/workplace/home_dashboards.aspx',
                            Client: ALL_CLIENTS,
                            AvailableOffline: 'false',
                            PassParams: 'false',
                            Sku: ALL_SKUS,
                          }
                        : {
                            Id: sub.id,
                            Url: `$webresource:${sub.webResource}`,
                            Client: ALL_CLIENTS,
                            AvailableOffline: 'false',
                            PassParams: 'false',
                            Sku: ALL_SKUS,
                          },
                    titles(sub.title),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      labels('LocalizedNames', 'LocalizedName', siteMap.name),
    ),
  );
}

export interface AppComponents {
  tables: string[];
  formIds: string[];
  viewIds: string[];
  /** Charts (component type 59) and dashboards (60, system forms) by GUID. */
  chartGuids?: string[];
  dashboardGuids?: string[];
}

export function appModuleXml(app: AppModuleDef, siteMap: SiteMapDef, components: AppComponents): XmlElement {
  return el(
    'AppModules',
    {},
    el(
      'AppModule',
      {},
      leaf('UniqueName', app.uniqueName),
      leaf('IntroducedVersion', INTRODUCED_VERSION),
      leaf('WebResourceId', DEFAULT_APP_ICON),
      // Empty in both exports: the app is not optimized for one form factor.
      el('OptimizedFor', {}, ''),
      leaf('statecode', 0),
      leaf('statuscode', 1),
      leaf('FormFactor', 1),
      // 4: Unified Interface.
      leaf('ClientType', 4),
      // 0: single session (multi-session apps say 1).
      leaf('NavigationType', 0),
      el(
        'AppModuleComponents',
        {},
        components.tables.map((table) => el('AppModuleComponent', { type: 1, schemaName: table })),
        components.formIds.map((id) => el('AppModuleComponent', { type: 60, id: guid('form', id) })),
        components.viewIds.map((id) => el('AppModuleComponent', { type: 26, id: guid('view', id) })),
        (components.chartGuids ?? []).map((id) => el('AppModuleComponent', { type: 59, id })),
        (components.dashboardGuids ?? []).map((id) => el('AppModuleComponent', { type: 60, id })),
        el('AppModuleComponent', { type: 62, schemaName: siteMap.uniqueName }),
      ),
      el(
        'AppModuleRoleMaps',
        {},
        app.roles.map((role) => el('Role', { id: guid('role', role) })),
      ),
      labels('LocalizedNames', 'LocalizedName', app.displayName),
      labels('Descriptions', 'Description', app.description),
    ),
  );
}

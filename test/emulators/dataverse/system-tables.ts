/**
 * Built-in Dataverse tables the relay and the webhook registration script touch, modelled with the same
 * SchemaModel types as the solution's own tables. Column names and option values follow the Microsoft table
 * references (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/<table>), trimmed
 * to what this product uses.
 */
import type { ColumnModel, ColumnType, ManyToManyRelationshipModel, OptionSetModel, TableModel } from '../../../solution/src/model.js';

type ColumnSpec = [type: ColumnType, extra?: Partial<ColumnModel>];

function table(
  logicalName: string,
  entitySetName: string,
  primaryName: string,
  ownership: TableModel['ownership'],
  columns: Record<string, ColumnSpec>,
): TableModel {
  const primaryIdAttribute = `${logicalName}id`;
  const all: Record<string, ColumnModel> = {
    [primaryIdAttribute]: { logicalName: primaryIdAttribute, schemaName: primaryIdAttribute, type: 'primarykey', required: 'none' },
  };
  for (const [name, [type, extra]] of Object.entries(columns)) {
    all[name] = { logicalName: name, schemaName: name, type, required: 'none', ...extra };
  }
  return {
    logicalName,
    schemaName: logicalName,
    entitySetName,
    primaryIdAttribute,
    primaryNameAttribute: primaryName,
    ownership,
    columns: all,
    alternateKeys: [],
  };
}

const str = (maxLength: number, extra: Partial<ColumnModel> = {}): ColumnSpec => ['string', { maxLength, ...extra }];
const memo = (maxLength: number): ColumnSpec => ['memo', { maxLength }];
const lookup = (target: string, navigationProperty: string): ColumnSpec => ['lookup', { targets: [target], navigationProperty }];
const choice = (optionSet: string): ColumnSpec => ['picklist', { optionSet }];

/** Option sets of the system tables (values from the serviceendpoint and sdkmessageprocessingstep references). */
export const systemOptionSets: Record<string, OptionSetModel> = Object.fromEntries(
  (
    [
      [
        'serviceendpoint_contract',
        [
          [1, 'OneWay'],
          [2, 'Queue'],
          [3, 'Rest'],
          [4, 'TwoWay'],
          [5, 'Topic'],
          [6, 'PersistentQueue'],
          [7, 'EventHub'],
          [8, 'Webhook'],
          [9, 'EventGrid'],
          [10, 'ManagedDataLake'],
        ],
      ],
      [
        'serviceendpoint_authtype',
        [
          [1, 'ACS'],
          [2, 'SASKey'],
          [3, 'SASToken'],
          [4, 'WebhookKey'],
          [5, 'HttpHeader'],
          [6, 'HttpQueryString'],
          [7, 'ConnectionString'],
          [8, 'AccessKey'],
        ],
      ],
      [
        'serviceendpoint_messageformat',
        [
          [1, 'BinaryXML'],
          [2, 'Json'],
          [3, 'TextXML'],
        ],
      ],
      [
        'serviceendpoint_connectionmode',
        [
          [1, 'Normal'],
          [2, 'Federated'],
        ],
      ],
      [
        'serviceendpoint_namespaceformat',
        [
          [1, 'NamespaceName'],
          [2, 'NamespaceAddress'],
        ],
      ],
      [
        'serviceendpoint_userclaim',
        [
          [1, 'None'],
          [2, 'UserId'],
          [3, 'UserInfo'],
        ],
      ],
      [
        'sdkmessageprocessingstep_stage',
        [
          [10, 'PreValidation'],
          [20, 'PreOperation'],
          [30, 'MainOperation'],
          [40, 'PostOperation'],
        ],
      ],
      [
        'sdkmessageprocessingstep_mode',
        [
          [0, 'Synchronous'],
          [1, 'Asynchronous'],
        ],
      ],
      [
        'sdkmessageprocessingstep_supporteddeployment',
        [
          [0, 'ServerOnly'],
          [1, 'MicrosoftDynamics365Client'],
          [2, 'Both'],
        ],
      ],
      [
        'sdkmessageprocessingstep_invocationsource',
        [
          [-1, 'Internal'],
          [0, 'Parent'],
          [1, 'Child'],
        ],
      ],
      [
        'environmentvariabledefinition_type',
        [
          [100000000, 'String'],
          [100000001, 'Number'],
          [100000002, 'Boolean'],
          [100000003, 'JSON'],
          [100000004, 'DataSource'],
          [100000005, 'Secret'],
        ],
      ],
    ] as [string, [number, string][]][]
  ).map(([name, options]) => [name, { name, isGlobal: false, options: options.map(([value, n]) => ({ value, name: n, labels: { 1033: n, 2052: n } })) }]),
);

/** Tables whose rows only the platform writes (seeded by the emulator, read-only through the Web API). */
export const platformOwnedTables = new Set(['sdkmessage', 'sdkmessagefilter', 'systemuser', 'businessunit', 'organization', 'role', 'roletemplate']);

/**
 * The template id of the System Administrator role: the same in every environment (every business unit's copy of the
 * role carries it), so a caller tells a System Administrator by it, never by the role's display name.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/role
 */
export const SYSTEM_ADMINISTRATOR_TEMPLATE_ID = '627090ff-40a3-4053-8790-584edc5be201';

/**
 * Users and their security roles (N:N systemuserroles_association, intersect systemuserroles): reading them needs
 * prvReadUser and prvReadRole, as in Dataverse (relatedRows checks Read on role).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser#many-to-many-relationships
 */
export const systemManyToMany: ManyToManyRelationshipModel[] = [
  // A user holds the roles of the teams they belong to (owner teams, Microsoft Entra group teams) besides their own.
  // https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/team#many-to-many-relationships
  {
    schemaName: 'teammembership_association',
    intersectEntityName: 'teammembership',
    entity1LogicalName: 'systemuser',
    entity1IntersectAttribute: 'systemuserid',
    entity1NavigationPropertyName: 'teammembership_association',
    entity2LogicalName: 'team',
    entity2IntersectAttribute: 'teamid',
    entity2NavigationPropertyName: 'teammembership_association',
  },
  {
    schemaName: 'teamroles_association',
    intersectEntityName: 'teamroles',
    entity1LogicalName: 'team',
    entity1IntersectAttribute: 'teamid',
    entity1NavigationPropertyName: 'teamroles_association',
    entity2LogicalName: 'role',
    entity2IntersectAttribute: 'roleid',
    entity2NavigationPropertyName: 'teamroles_association',
  },
  {
    schemaName: 'systemuserroles_association',
    intersectEntityName: 'systemuserroles',
    entity1LogicalName: 'systemuser',
    entity1IntersectAttribute: 'systemuserid',
    entity1NavigationPropertyName: 'systemuserroles_association',
    entity2LogicalName: 'role',
    entity2IntersectAttribute: 'roleid',
    entity2NavigationPropertyName: 'systemuserroles_association',
  },
];

/** System tables whose notes relationship predates the custom-table rule (annotation reference: Contact_Annotation). */
const SYSTEM_NOTES: Record<string, string> = { contact: 'Contact_Annotation' };

/**
 * The collection-valued navigation property from a table to its notes. Dataverse creates the relationship itself when
 * a custom table gets notes and names it `<logical name>_Annotations` (lower-case table name, capital A); names of
 * navigation properties are case-sensitive, so `wxm_Message_Annotations` is no property of wxm_message.
 * Derived here from the platform's rule, never from the solution's own `notes.collection`, so that a wrong name in
 * the solution fails against the emulator as it would against Dataverse.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-navigation-properties
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/annotation#one-to-many-relationships
 */
export function notesCollection(table: string): string {
  return SYSTEM_NOTES[table] ?? `${table}_Annotations`;
}

/**
 * @param noteTargets tables a note (annotation) can be attached to; each gets an `objectid_<table>` navigation
 *   property, as Dataverse names the annotation relationships.
 */
export function systemTables(noteTargets: string[]): TableModel[] {
  const annotation = table('annotation', 'annotations', 'subject', 'UserOwned', {
    subject: str(500),
    notetext: memo(100000),
    filename: str(255),
    mimetype: str(256),
    // Base64 of the attachment (https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-data).
    documentbody: memo(1073741823),
    filesize: ['integer', { readOnly: true }],
    isdocument: ['boolean', { readOnly: true }],
    objecttypecode: str(64, { readOnly: true }),
    objectid: ['lookup', { targets: noteTargets }],
  });
  return [
    table('organization', 'organizations', 'name', 'OrganizationOwned', { name: str(160) }),
    table('businessunit', 'businessunits', 'name', 'OrganizationOwned', { name: str(160) }),
    table('systemuser', 'systemusers', 'fullname', 'OrganizationOwned', {
      fullname: str(200),
      applicationid: ['string', { maxLength: 36 }],
      azureactivedirectoryobjectid: ['string', { maxLength: 36 }],
      domainname: str(1024),
      isdisabled: ['boolean'],
      accessmode: ['integer'],
      businessunitid: lookup('businessunit', 'businessunitid'),
    }),
    // Security roles: one copy per business unit; parentrootroleid names the root unit's copy (itself there), and
    // roletemplateid the platform template of a built-in role (System Administrator...). Solution roles keep their
    // GUID in the root business unit.
    table('roletemplate', 'roletemplates', 'name', 'OrganizationOwned', { name: str(100) }),
    // Teams (teamtype 0 Owner, 2 AAD Security Group...): reading them needs prvReadTeam.
    table('team', 'teams', 'name', 'OrganizationOwned', {
      name: str(160),
      teamtype: ['integer'],
      businessunitid: lookup('businessunit', 'businessunitid'),
    }),
    table('role', 'roles', 'name', 'OrganizationOwned', {
      name: str(100),
      businessunitid: lookup('businessunit', 'businessunitid'),
      parentrootroleid: lookup('role', 'parentrootroleid'),
      roletemplateid: lookup('roletemplate', 'roletemplateid'),
    }),
    table('contact', 'contacts', 'fullname', 'UserOwned', {
      firstname: str(50),
      lastname: str(50),
      fullname: str(160, { readOnly: true }),
      emailaddress1: str(100),
      mobilephone: str(50),
      description: memo(2000),
    }),
    // Dynamics 365 Sales' lead (absent from a plain Dataverse environment; present where Sales is installed), with the
    // columns a binding or a template message reads.
    // https://learn.microsoft.com/dynamics365/developer/reference/entities/lead
    table('lead', 'leads', 'fullname', 'UserOwned', {
      firstname: str(50),
      lastname: str(50),
      fullname: str(160, { readOnly: true }),
      companyname: str(100),
      subject: str(300),
      emailaddress1: str(100),
      mobilephone: str(50),
      description: memo(2000),
    }),
    annotation,
    table('serviceendpoint', 'serviceendpoints', 'name', 'OrganizationOwned', {
      name: str(256),
      description: memo(2000),
      contract: choice('serviceendpoint_contract'),
      authtype: choice('serviceendpoint_authtype'),
      // IsValidForRead is False on the real table: the emulator stores it but never returns it.
      authvalue: str(2048),
      url: str(2000),
      messageformat: choice('serviceendpoint_messageformat'),
      connectionmode: choice('serviceendpoint_connectionmode'),
      namespaceformat: choice('serviceendpoint_namespaceformat'),
      userclaim: choice('serviceendpoint_userclaim'),
      namespaceaddress: str(255),
      path: str(160),
      solutionnamespace: str(160),
    }),
    table('sdkmessage', 'sdkmessages', 'name', 'OrganizationOwned', { name: str(256) }),
    table('sdkmessagefilter', 'sdkmessagefilters', 'name', 'OrganizationOwned', {
      name: str(256),
      primaryobjecttypecode: str(64),
      secondaryobjecttypecode: str(64),
      sdkmessageid: lookup('sdkmessage', 'sdkmessageid'),
    }),
    table('sdkmessageprocessingstep', 'sdkmessageprocessingsteps', 'name', 'OrganizationOwned', {
      name: str(256),
      description: str(256),
      stage: choice('sdkmessageprocessingstep_stage'),
      mode: choice('sdkmessageprocessingstep_mode'),
      rank: ['integer'],
      supporteddeployment: choice('sdkmessageprocessingstep_supporteddeployment'),
      invocationsource: choice('sdkmessageprocessingstep_invocationsource'),
      filteringattributes: str(100000),
      asyncautodelete: ['boolean'],
      configuration: memo(1073741823),
      sdkmessageid: lookup('sdkmessage', 'sdkmessageid'),
      sdkmessagefilterid: lookup('sdkmessagefilter', 'sdkmessagefilterid'),
      // A multi-table lookup on the real table; webhooks bind it through this navigation property.
      eventhandler: lookup('serviceendpoint', 'eventhandler_serviceendpoint'),
    }),
    table('environmentvariabledefinition', 'environmentvariabledefinitions', 'schemaname', 'OrganizationOwned', {
      schemaname: str(100),
      displayname: str(100),
      type: choice('environmentvariabledefinition_type'),
      defaultvalue: memo(2000),
    }),
    table('environmentvariablevalue', 'environmentvariablevalues', 'schemaname', 'OrganizationOwned', {
      schemaname: str(100),
      value: memo(2000),
      environmentvariabledefinitionid: lookup('environmentvariabledefinition', 'EnvironmentVariableDefinitionId'),
    }),
  ];
}

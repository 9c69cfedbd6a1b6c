/**
 * The columns Dataverse gives every custom table, as real solution exports list them
 * (e.g. microsoft/coe-starter-kit CenterofExcellenceCoreComponents/SolutionPackage/src/Entities/*\/Entity.xml).
 * Both the schema model (so the emulator knows them) and customizations.xml come from this list.
 */
import { label, type Label } from '../src/dsl/labels.js';
import type { TableDef } from '../src/dsl/types.js';

export interface SystemColumn {
  schemaName: string;
  logicalName: string;
  /** PascalCase name in the generated constants. */
  codeName: string;
  xmlType: 'primarykey' | 'lookup' | 'owner' | 'datetime' | 'int' | 'state' | 'status' | 'bigint';
  displayName: Label;
  description: Label;
  requiredLevel: 'none' | 'systemrequired';
  validForCreate: boolean;
  validForUpdate: boolean;
  /** Lookup targets. */
  targets?: string[];
  /** datetime format */
  dateFormat?: 'datetime' | 'date';
  min?: number;
  max?: number;
  /** Hidden helper columns have IsLogical=1 and no DisplayMask in exports. */
  logical?: boolean;
  /** Whether real exports list the column in customizations.xml (versionnumber is not listed). */
  exported: boolean;
}

const user = ['systemuser'];

function lookupColumn(
  schemaName: string,
  codeName: string,
  displayName: Label,
  description: Label,
  targets: string[],
  extra: Partial<SystemColumn> = {},
): SystemColumn {
  return {
    schemaName,
    logicalName: schemaName.toLowerCase(),
    codeName,
    xmlType: 'lookup',
    displayName,
    description,
    requiredLevel: 'none',
    validForCreate: false,
    validForUpdate: false,
    targets,
    exported: true,
    ...extra,
  };
}

function dateColumn(schemaName: string, displayName: Label, description: Label, extra: Partial<SystemColumn> = {}): SystemColumn {
  return {
    schemaName,
    logicalName: schemaName.toLowerCase(),
    codeName: schemaName,
    xmlType: 'datetime',
    displayName,
    description,
    requiredLevel: 'none',
    validForCreate: false,
    validForUpdate: false,
    dateFormat: 'datetime',
    exported: true,
    ...extra,
  };
}

function intColumn(schemaName: string, displayName: Label, description: Label, min: number, extra: Partial<SystemColumn> = {}): SystemColumn {
  return {
    schemaName,
    logicalName: schemaName.toLowerCase(),
    codeName: schemaName,
    xmlType: 'int',
    displayName,
    description,
    requiredLevel: 'none',
    validForCreate: true,
    validForUpdate: true,
    min,
    max: 2147483647,
    exported: true,
    ...extra,
  };
}

const common: SystemColumn[] = [
  lookupColumn('CreatedBy', 'CreatedBy', label('Created By', '创建者'), label('User who created the record.', '创建记录的用户。'), user),
  dateColumn('CreatedOn', label('Created On', '创建时间'), label('Date and time when the record was created.', '记录的创建日期和时间。')),
  lookupColumn(
    'CreatedOnBehalfBy',
    'CreatedOnBehalfBy',
    label('Created By (Delegate)', '创建者(代理)'),
    label('Delegate user who created the record.', '创建记录的代理用户。'),
    user,
  ),
  intColumn(
    'ImportSequenceNumber',
    label('Import Sequence Number', '导入序号'),
    label('Sequence number of the import that created this record.', '创建此记录的导入序号。'),
    -2147483648,
    { validForUpdate: false },
  ),
  lookupColumn('ModifiedBy', 'ModifiedBy', label('Modified By', '修改者'), label('User who last modified the record.', '最后修改记录的用户。'), user),
  dateColumn('ModifiedOn', label('Modified On', '修改时间'), label('Date and time when the record was last modified.', '记录最后修改的日期和时间。')),
  lookupColumn(
    'ModifiedOnBehalfBy',
    'ModifiedOnBehalfBy',
    label('Modified By (Delegate)', '修改者(代理)'),
    label('Delegate user who last modified the record.', '最后修改记录的代理用户。'),
    user,
  ),
  dateColumn(
    'OverriddenCreatedOn',
    label('Record Created On', '记录创建时间'),
    label('Date and time that the record was migrated.', '记录迁移的日期和时间。'),
    {
      validForCreate: true,
      dateFormat: 'date',
    },
  ),
];

const userOwned: SystemColumn[] = [
  {
    ...lookupColumn('OwnerId', 'OwnerId', label('Owner', '负责人'), label('Owner of the record.', '记录的负责人。'), ['systemuser', 'team']),
    xmlType: 'owner',
    requiredLevel: 'systemrequired',
    validForCreate: true,
    validForUpdate: true,
  },
  lookupColumn(
    'OwningBusinessUnit',
    'OwningBusinessUnit',
    label('Owning Business Unit', '负责业务部门'),
    label('Business unit that owns the record.', '拥有记录的业务部门。'),
    ['businessunit'],
  ),
  lookupColumn('OwningTeam', 'OwningTeam', label('Owning Team', '负责团队'), label('Team that owns the record.', '拥有记录的团队。'), ['team'], {
    logical: true,
  }),
  lookupColumn('OwningUser', 'OwningUser', label('Owning User', '负责用户'), label('User that owns the record.', '拥有记录的用户。'), user, { logical: true }),
];

const organizationOwned: SystemColumn[] = [
  lookupColumn('OrganizationId', 'OrganizationId', label('Organization', '组织'), label('Organization the record belongs to.', '记录所属的组织。'), [
    'organization',
  ]),
];

const state: SystemColumn[] = [
  {
    schemaName: 'statecode',
    logicalName: 'statecode',
    codeName: 'StateCode',
    xmlType: 'state',
    displayName: label('Status', '状态'),
    description: label('Whether the record is active or inactive.', '记录处于活动还是停用状态。'),
    requiredLevel: 'systemrequired',
    validForCreate: false,
    validForUpdate: true,
    exported: true,
  },
  {
    schemaName: 'statuscode',
    logicalName: 'statuscode',
    codeName: 'StatusCode',
    xmlType: 'status',
    displayName: label('Status Reason', '状态描述'),
    description: label('Reason for the status of the record.', '记录状态的原因。'),
    requiredLevel: 'none',
    validForCreate: true,
    validForUpdate: true,
    exported: true,
  },
  intColumn('TimeZoneRuleVersionNumber', label('Time Zone Rule Version Number', '时区规则版本号'), label('For internal use only.', '仅供内部使用。'), -1),
  intColumn(
    'UTCConversionTimeZoneCode',
    label('UTC Conversion Time Zone Code', 'UTC 转换时区代码'),
    label('Time zone code that was in use when the record was created.', '创建记录时使用的时区代码。'),
    -1,
  ),
  {
    schemaName: 'VersionNumber',
    logicalName: 'versionnumber',
    codeName: 'VersionNumber',
    xmlType: 'bigint',
    displayName: label('Version Number', '版本号'),
    description: label('Version number of the record.', '记录的版本号。'),
    requiredLevel: 'none',
    validForCreate: false,
    validForUpdate: false,
    exported: false,
  },
];

/** The primary key column of a table, e.g. `wxm_messageid`. */
export function primaryKeyColumn(table: TableDef): SystemColumn {
  return {
    schemaName: `${table.schemaName}Id`,
    logicalName: `${table.schemaName.toLowerCase()}id`,
    codeName: 'Id',
    xmlType: 'primarykey',
    displayName: table.displayName,
    description: label('Unique identifier for entity instances', '实体实例的唯一标识符'),
    requiredLevel: 'systemrequired',
    validForCreate: true,
    validForUpdate: false,
    exported: true,
  };
}

/** Platform columns of a table besides its primary key, sorted by logical name as exports list them. */
export function systemColumns(table: TableDef): SystemColumn[] {
  const owned = table.ownership === 'UserOwned' ? userOwned : organizationOwned;
  return [...common, ...owned, ...state].sort((a, b) => (a.logicalName < b.logicalName ? -1 : a.logicalName > b.logicalName ? 1 : 0));
}

/** States and statuses every custom table starts with. */
export const STATES = [
  { value: 0, status: 1, name: 'Active', label: label('Active', '活动') },
  { value: 1, status: 2, name: 'Inactive', label: label('Inactive', '停用') },
] as const;

/** Tables outside the solution that our lookups and system columns point at. */
export const EXTERNAL_TABLES: Record<string, { entitySetName: string; primaryIdAttribute: string }> = {
  businessunit: { entitySetName: 'businessunits', primaryIdAttribute: 'businessunitid' },
  campaign: { entitySetName: 'campaigns', primaryIdAttribute: 'campaignid' },
  contact: { entitySetName: 'contacts', primaryIdAttribute: 'contactid' },
  lead: { entitySetName: 'leads', primaryIdAttribute: 'leadid' },
  // Marketing list: present where Dynamics 365 Sales / Marketing is installed (issue 10 audiences).
  list: { entitySetName: 'lists', primaryIdAttribute: 'listid' },
  organization: { entitySetName: 'organizations', primaryIdAttribute: 'organizationid' },
  systemuser: { entitySetName: 'systemusers', primaryIdAttribute: 'systemuserid' },
  team: { entitySetName: 'teams', primaryIdAttribute: 'teamid' },
};

/**
 * `<attribute>` elements. Element order follows real exports (Type, Name, LogicalName,
 * RequiredLevel, DisplayMask, ImeMode, ValidFor…Api, IsCustomField, …, IsDataSourceSecret, the search
 * settings, type-specific settings, displaynames, Descriptions). The search settings (AutoNumberFormat,
 * IsSearchable, IsFilterable, IsRetrievable, IsLocalizable) are newer than the 9.0 schema but every current
 * export carries them on every attribute: microsoft/coe-starter-kit
 * ALMAcceleratorForAdvancedMakers/SolutionPackage/Entities/cat_DeploymentProfile/Entity.xml and
 * microsoft/powercat-business-approvals-kit …/Entities/cat_BusinessApprovalCondition/Entity.xml.
 */
import type { ColumnDef, TableDef } from '../../../solution/src/dsl/types.js';
import { STATES, type SystemColumn } from '../../../solution/tooling/system-columns.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';
import { NOT_INDEXED, PRIMARY_NAME_SEARCH, SYSTEM_SEARCH, type SearchSettings } from './search-settings.js';

const BEHAVIOR = { UserLocal: 1, DateOnly: 2, TimeZoneIndependent: 3 } as const;

interface Common {
  type: string;
  logicalName: string;
  requiredLevel: string;
  displayMask?: string;
  imeMode: string;
  validForCreate: boolean;
  validForUpdate: boolean;
  custom: boolean;
  audit: boolean;
  secured: boolean;
  logical?: boolean;
  canModifyRequirementLevel: boolean;
  search: SearchSettings;
}

function head(c: Common): XmlElement[] {
  return [
    leaf('Type', c.type),
    leaf('Name', c.logicalName),
    leaf('LogicalName', c.logicalName),
    leaf('RequiredLevel', c.requiredLevel),
    c.displayMask !== undefined ? leaf('DisplayMask', c.displayMask) : undefined,
    leaf('ImeMode', c.imeMode),
    leaf('ValidForUpdateApi', c.validForUpdate),
    leaf('ValidForReadApi', true),
    leaf('ValidForCreateApi', c.validForCreate),
    leaf('IsCustomField', c.custom),
    leaf('IsAuditEnabled', c.audit),
    c.logical ? leaf('IsLogical', true) : undefined,
    leaf('IsSecured', c.secured),
    leaf('IntroducedVersion', INTRODUCED_VERSION),
    leaf('IsCustomizable', true),
    leaf('IsRenameable', true),
    leaf('CanModifySearchSettings', true),
    leaf('CanModifyRequirementLevelSettings', c.canModifyRequirementLevel),
    leaf('CanModifyAdditionalSettings', true),
    leaf('SourceType', 0),
    leaf('IsGlobalFilterEnabled', false),
    leaf('IsSortableEnabled', false),
    leaf('CanModifyGlobalFilterSettings', true),
    leaf('CanModifyIsSortableSettings', true),
    leaf('IsDataSourceSecret', false),
    el('AutoNumberFormat'),
    leaf('IsSearchable', c.search[0]),
    leaf('IsFilterable', c.search[1]),
    leaf('IsRetrievable', c.search[2]),
    leaf('IsLocalizable', false),
  ].filter((e): e is XmlElement => e !== undefined);
}

function attribute(physicalName: string, parts: (XmlElement | undefined)[]): XmlElement {
  return el(
    'attribute',
    { PhysicalName: physicalName },
    parts.filter((e): e is XmlElement => e !== undefined),
  );
}

const CUSTOM_MASK = 'ValidForAdvancedFind|ValidForForm|ValidForGrid';

function typeSpecific(table: TableDef, column: ColumnDef): XmlElement[] {
  const tableName = table.schemaName.toLowerCase();
  const logicalName = column.schemaName.toLowerCase();
  switch (column.kind) {
    case 'text':
      return [leaf('Format', column.format ?? 'text'), leaf('MaxLength', column.maxLength), leaf('Length', column.maxLength * 2)];
    case 'memo':
      return [leaf('Format', 'textarea'), leaf('MaxLength', column.maxLength), leaf('Length', column.maxLength * 2)];
    case 'choice':
      return [leaf('AppDefaultValue', column.defaultValue ?? -1), leaf('OptionSetName', column.optionSet)];
    case 'bool':
      return [
        leaf('AppDefaultValue', column.defaultValue ? 1 : 0),
        el(
          'optionset',
          { Name: `${tableName}_${logicalName}` },
          leaf('OptionSetType', 'bit'),
          leaf('IntroducedVersion', INTRODUCED_VERSION),
          leaf('IsCustomizable', true),
          labels('displaynames', 'displayname', column.displayName),
          labels('Descriptions', 'Description', column.description),
          el(
            'options',
            {},
            el('option', { value: 1 }, labels('labels', 'label', column.trueLabel)),
            el('option', { value: 0 }, labels('labels', 'label', column.falseLabel)),
          ),
        ),
      ];
    case 'datetime':
      return [leaf('Format', column.format), leaf('CanChangeDateTimeBehavior', true), leaf('Behavior', BEHAVIOR[column.behavior])];
    case 'int':
      return [leaf('Format', 'none'), leaf('MinValue', column.min), leaf('MaxValue', column.max)];
    case 'decimal':
      return [leaf('MinValue', column.min), leaf('MaxValue', column.max), leaf('Accuracy', column.precision)];
    case 'lookup':
      return [leaf('LookupStyle', 'single'), el('LookupTypes')];
  }
}

const XML_TYPES: Record<ColumnDef['kind'], string> = {
  text: 'nvarchar',
  memo: 'ntext',
  choice: 'picklist',
  bool: 'bit',
  datetime: 'datetime',
  int: 'int',
  decimal: 'decimal',
  lookup: 'lookup',
};

/** An attribute the solution defines (primary name included). */
export function customAttribute(table: TableDef, column: ColumnDef, isPrimaryName: boolean): XmlElement {
  const required = column.required ?? 'none';
  return attribute(column.schemaName, [
    ...head({
      type: XML_TYPES[column.kind],
      logicalName: column.schemaName.toLowerCase(),
      requiredLevel: required,
      displayMask: isPrimaryName ? `PrimaryName|${CUSTOM_MASK}|RequiredForForm` : CUSTOM_MASK,
      imeMode: column.kind === 'int' || column.kind === 'decimal' ? 'disabled' : 'auto',
      validForCreate: true,
      validForUpdate: true,
      custom: true,
      audit: column.audit ?? table.audit,
      secured: column.secured ?? false,
      canModifyRequirementLevel: true,
      search: isPrimaryName ? PRIMARY_NAME_SEARCH : NOT_INDEXED,
    }),
    ...typeSpecific(table, column),
    labels('displaynames', 'displayname', column.displayName),
    labels('Descriptions', 'Description', column.description),
  ]);
}

function stateOptionSet(table: TableDef, column: SystemColumn): XmlElement {
  const name = `${table.schemaName.toLowerCase()}_${column.logicalName}`;
  const common = [
    leaf('OptionSetType', column.xmlType),
    leaf('IntroducedVersion', INTRODUCED_VERSION),
    leaf('IsCustomizable', true),
    labels('displaynames', 'displayname', column.displayName),
    labels('Descriptions', 'Description', column.description),
  ];
  if (column.xmlType === 'state') {
    return el(
      'optionset',
      { Name: name },
      common,
      el(
        'states',
        {},
        STATES.map((s) => el('state', { value: s.value, defaultstatus: s.status, invariantname: s.name }, labels('labels', 'label', s.label))),
      ),
    );
  }
  return el(
    'optionset',
    { Name: name },
    common,
    el(
      'statuses',
      {},
      STATES.map((s) => el('status', { value: s.status, state: s.value }, labels('labels', 'label', s.label))),
    ),
  );
}

const SYSTEM_MASKS: Record<string, string | undefined> = {
  primarykey: 'ValidForAdvancedFind|RequiredForGrid',
  importsequencenumber: 'ValidForAdvancedFind',
  overriddencreatedon: 'ValidForAdvancedFind|ValidForGrid',
  ownerid: `${CUSTOM_MASK}|RequiredForForm`,
  timezoneruleversionnumber: undefined,
  utcconversiontimezonecode: undefined,
};

/** A platform attribute (primary key, owner, created on, state…). */
export function systemAttribute(table: TableDef, column: SystemColumn): XmlElement {
  const maskKey = column.xmlType === 'primarykey' ? 'primarykey' : column.logicalName;
  const displayMask = column.logical ? undefined : maskKey in SYSTEM_MASKS ? SYSTEM_MASKS[maskKey] : CUSTOM_MASK;
  const specific: (XmlElement | undefined)[] = [];
  if (column.xmlType === 'lookup' || column.xmlType === 'owner') {
    specific.push(leaf('LookupStyle', 'single'));
    // Owner lists its target type codes (8 systemuser, 9 team) as exports do.
    specific.push(
      column.xmlType === 'owner'
        ? el(
            'LookupTypes',
            {},
            [8, 9].map((code) => el('LookupType', { id: '00000000-0000-0000-0000-000000000000' }, code)),
          )
        : el('LookupTypes'),
    );
  } else if (column.xmlType === 'datetime') {
    specific.push(leaf('Format', column.dateFormat ?? 'datetime'), leaf('CanChangeDateTimeBehavior', false), leaf('Behavior', 1));
  } else if (column.xmlType === 'int') {
    specific.push(el('Format'), leaf('MinValue', column.min ?? -2147483648), leaf('MaxValue', column.max ?? 2147483647));
  } else if (column.xmlType === 'state' || column.xmlType === 'status') {
    specific.push(stateOptionSet(table, column));
  }
  return attribute(column.schemaName, [
    ...head({
      type: column.xmlType,
      logicalName: column.logicalName,
      requiredLevel: column.requiredLevel,
      displayMask,
      imeMode: column.xmlType === 'int' ? 'disabled' : column.xmlType === 'datetime' ? 'inactive' : 'auto',
      validForCreate: column.validForCreate,
      validForUpdate: column.validForUpdate,
      custom: false,
      audit: false,
      secured: false,
      logical: column.logical,
      canModifyRequirementLevel: column.xmlType !== 'primarykey',
      search: SYSTEM_SEARCH[column.xmlType === 'primarykey' ? 'primarykey' : column.logicalName] ?? NOT_INDEXED,
    }),
    ...specific,
    labels('displaynames', 'displayname', column.displayName),
    labels('Descriptions', 'Description', column.description),
  ]);
}

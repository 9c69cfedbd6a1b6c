/**
 * The definition types that the files under solution/src/ are written in. They describe what an
 * admin sees (labels, forms, views) and what the relay writes (columns, keys); the pack tooling
 * turns them into customizations.xml and the generator into solution/generated/schema.ts.
 */
import type { Label } from './labels.js';

export type RequiredLevel = 'none' | 'recommended' | 'required';

interface ColumnBase {
  /** Schema name with the publisher prefix, e.g. `wxm_WeChatMsgId`; the logical name is its lower case. */
  schemaName: string;
  displayName: Label;
  description: Label;
  required?: RequiredLevel;
  /** Field-level security: only users in a field security profile can read or write it. */
  secured?: boolean;
  audit?: boolean;
}

export interface TextColumnDef extends ColumnBase {
  kind: 'text';
  maxLength: number;
  format?: 'text' | 'url' | 'email';
}

export interface MemoColumnDef extends ColumnBase {
  kind: 'memo';
  maxLength: number;
}

export interface ChoiceColumnDef extends ColumnBase {
  kind: 'choice';
  /** Name of a global option set under solution/src/optionsets/. */
  optionSet: string;
  defaultValue?: number;
}

export interface BoolColumnDef extends ColumnBase {
  kind: 'bool';
  trueLabel: Label;
  falseLabel: Label;
  defaultValue: boolean;
}

export interface DateTimeColumnDef extends ColumnBase {
  kind: 'datetime';
  format: 'datetime' | 'date';
  behavior: 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';
}

export interface IntColumnDef extends ColumnBase {
  kind: 'int';
  min: number;
  max: number;
}

export interface DecimalColumnDef extends ColumnBase {
  kind: 'decimal';
  precision: number;
  min: number;
  max: number;
}

export interface LookupColumnDef extends ColumnBase {
  kind: 'lookup';
  /** Logical name of the referenced table: one of ours, or a platform table such as `contact`. */
  target: string;
  /** Schema name of the one-to-many relationship, e.g. `wxm_officialaccount_wxm_message`. */
  relationship: string;
  /** What deleting the referenced row does to this one. */
  cascadeDelete: 'RemoveLink' | 'Restrict' | 'Cascade';
}

export type ColumnDef = TextColumnDef | MemoColumnDef | ChoiceColumnDef | BoolColumnDef | DateTimeColumnDef | IntColumnDef | DecimalColumnDef | LookupColumnDef;

export interface KeyDef {
  schemaName: string;
  displayName: Label;
  /** Logical names of the key's columns. */
  columns: string[];
}

/** A cell on a form: a column (optionally bound to a PCF control) or a sub-grid of related rows. */
export type FormCellDef =
  | string
  | { column: string; readOnly?: boolean; customControl?: string; rowSpan?: number }
  | { subgrid: { id: string; label: Label; table: string; relationship: string; view: string; rows?: number } };

export interface FormSectionDef {
  id: string;
  label: Label;
  cells: FormCellDef[];
}

export interface FormTabDef {
  id: string;
  label: Label;
  sections: FormSectionDef[];
}

/** A function a form library defines; it receives the execution context (`getFormContext()`). */
export interface FormHandlerDef {
  /** Web resource name of the library, e.g. `wxm_/forms/signedservice.js`; must be one of the form's libraries. */
  library: string;
  /** Global dotted name the library defines, e.g. `WechatMarketing.SignedService.onLoad`. */
  functionName: string;
}

/** Form OnLoad / OnSave, or OnChange of one column of the form. */
export type FormEventDef = { event: 'onload' | 'onsave'; handlers: FormHandlerDef[] } | { event: 'onchange'; column: string; handlers: FormHandlerDef[] };

export interface FormDef {
  /** Stable id; the form's GUID is derived from it. */
  id: string;
  type: 'main' | 'quickCreate';
  name: Label;
  description: Label;
  tabs: FormTabDef[];
  /** Columns shown in the form header. */
  header?: string[];
  /** JavaScript web resources (names from webresources/manifest.json) the form loads, in this order. */
  libraries?: string[];
  /** Event handlers calling functions of those libraries. */
  events?: FormEventDef[];
}

export type ConditionOperator = 'eq' | 'ne' | 'null' | 'not-null' | 'last-x-hours' | 'last-x-days' | 'like';

export interface ConditionDef {
  column: string;
  operator: ConditionOperator;
  value?: string | number;
}

export interface ViewDef {
  /** Stable id; the view's GUID is derived from it. */
  id: string;
  /** Dataverse query type: public grid, quick find, lookup, advanced find, associated sub-grid. */
  type: 'public' | 'quickFind' | 'lookup' | 'advancedFind' | 'associated';
  isDefault?: boolean;
  name: Label;
  description: Label;
  columns: { column: string; width: number }[];
  order: { column: string; descending: boolean }[];
  /** All conditions must hold (fetch filter type="and"). */
  filter?: ConditionDef[];
  /** Any of these must hold (a nested or-filter). */
  anyOf?: ConditionDef[];
  /** Quick find: the columns searched. */
  findColumns?: string[];
}

/**
 * A many-to-many (N:N) relationship between two tables, stored by Dataverse in an intersect table that has no
 * columns of ours. Dataverse shape: ManyToManyRelationshipMetadata (SchemaName, IntersectEntityName,
 * Entity1LogicalName / Entity2LogicalName, Entity1NavigationPropertyName / Entity2NavigationPropertyName;
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/manytomanyrelationshipmetadata).
 * Declared on one of its two tables (by habit the second); the other table needs nothing.
 */
export interface ManyToManyDef {
  /** Relationship schema name with the publisher prefix, e.g. `wxm_follower_wxm_tag`. */
  schemaName: string;
  /** Logical name of the intersect table Dataverse creates, e.g. `wxm_follower_tag`. */
  intersectEntityName: string;
  /** Logical names of the two tables: ours or platform tables such as `contact`. */
  entity1: string;
  entity2: string;
  /**
   * Collection-valued navigation properties: on entity1 (its entity2 rows) and on entity2 (its entity1 rows).
   * Dataverse names both after the relationship's schema name unless told otherwise, which is the default here.
   */
  entity1NavigationPropertyName?: string;
  entity2NavigationPropertyName?: string;
  description: Label;
}

/** A table; its forms live in solution/src/forms/<table>.ts and its views in solution/src/views/<table>.ts. */
export interface TableDef {
  schemaName: string;
  entitySetName: string;
  displayName: Label;
  pluralName: Label;
  description: Label;
  ownership: 'UserOwned' | 'OrganizationOwned';
  /** The primary name column (always text). */
  primaryName: TextColumnDef;
  columns: ColumnDef[];
  keys: KeyDef[];
  /** Notes (annotations) can be attached to rows. */
  hasNotes: boolean;
  quickCreate: boolean;
  audit: boolean;
  /** N:N relationships this table declares (see ManyToManyDef). */
  manyToMany?: ManyToManyDef[];
}

/**
 * The shape of the schema that `npm run generate` derives from the solution source and writes to
 * `solution/generated/schema.ts`. The relay, the UI and the Dataverse emulator read tables, columns, option
 * values and alternate keys from here, never from hand-written strings.
 */

export type ColumnType =
  | 'primarykey' // uniqueidentifier primary key (<table>id)
  | 'string' // nvarchar
  | 'memo' // ntext
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'boolean' // bit
  | 'datetime'
  | 'picklist' // choice
  | 'lookup'
  | 'owner'
  | 'state' // statecode
  | 'status' // statuscode
  | 'file'
  | 'image';

export interface ColumnModel {
  logicalName: string;
  schemaName: string;
  type: ColumnType;
  /** nvarchar / ntext max length in characters. */
  maxLength?: number;
  /** integer / decimal bounds. */
  minValue?: number;
  maxValue?: number;
  required: 'none' | 'recommended' | 'required';
  /** picklist: the option set's name (see SchemaModel.optionSets). */
  optionSet?: string;
  /** lookup: target table logical names. */
  targets?: string[];
  /** lookup: the navigation property used with @odata.bind (single-valued). */
  navigationProperty?: string;
  /** Field security: true for secrets (client secret). */
  secured?: boolean;
  /** Set by the platform (createdon, modifiedon, primary key...), not writable by clients. */
  readOnly?: boolean;
  /** decimal: digits after the decimal point. */
  precision?: number;
  /** datetime: UserLocal (stored UTC), DateOnly or TimeZoneIndependent. */
  dateTimeBehavior?: 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';
  /** English (1033) and Chinese (2052) display names. */
  labels?: { 1033: string; 2052: string };
  /** Platform column that every table gets (createdon, ownerid...), as opposed to one the solution defines. */
  system?: boolean;
}

export interface AlternateKeyModel {
  logicalName: string;
  columns: string[];
}

/** A one-to-many relationship created by a lookup column (referencing table holds the lookup). */
export interface RelationshipModel {
  schemaName: string;
  referencedEntity: string;
  referencedAttribute: string;
  referencingEntity: string;
  referencingAttribute: string;
  /** Single-valued navigation property on the referencing table, used with @odata.bind. */
  referencingNavigationProperty: string;
  /** Collection-valued navigation property on the referenced table. */
  referencedNavigationProperty: string;
  cascadeDelete: 'Cascade' | 'RemoveLink' | 'Restrict' | 'NoCascade';
}

/** A many-to-many relationship: rows of two tables paired in an intersect table (associate / disassociate with $ref). */
export interface ManyToManyRelationshipModel {
  schemaName: string;
  intersectEntityName: string;
  entity1LogicalName: string;
  /** The intersect table's column holding entity1's id (its primary key name). */
  entity1IntersectAttribute: string;
  /** Collection-valued navigation property on entity1 to its entity2 rows (case-sensitive). */
  entity1NavigationPropertyName: string;
  entity2LogicalName: string;
  entity2IntersectAttribute: string;
  entity2NavigationPropertyName: string;
}

/** A platform table the solution points at but does not define (contact, systemuser...). */
export interface ExternalTableModel {
  logicalName: string;
  entitySetName: string;
  primaryIdAttribute: string;
}

export interface TableModel {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  ownership: 'UserOwned' | 'OrganizationOwned';
  columns: Record<string, ColumnModel>;
  alternateKeys: AlternateKeyModel[];
  /** English (1033) and Chinese (2052) display names. */
  labels?: { 1033: string; 2052: string };
  /** Notes (annotations) can be attached: media of a message is stored as a note. */
  hasNotes?: boolean;
  /** With hasNotes: the names Dataverse gives the notes relationship it creates (solution/tooling/notes.ts). */
  notes?: NotesModel;
}

export interface NotesModel {
  /** Relationship schema name and the table's collection-valued navigation property to its notes (case-sensitive). */
  collection: string;
  /** The note's single-valued navigation property back to the row (`<name>@odata.bind` on an annotation). */
  regarding: string;
}

export interface OptionModel {
  value: number;
  /** Stable code name used in TypeScript (e.g. Inbound). */
  name: string;
  labels: { 1033: string; 2052: string };
  /** The value WeChat (or another outside system) uses for this option, e.g. msgtype "text". */
  externalValue?: string;
}

export interface OptionSetModel {
  name: string;
  isGlobal: boolean;
  options: OptionModel[];
}

export interface SchemaModel {
  publisherPrefix: string;
  optionValuePrefix: number;
  tables: Record<string, TableModel>;
  optionSets: Record<string, OptionSetModel>;
  /** Relationships behind the lookup columns (added after the first version; optional for hand-built fixtures). */
  relationships?: RelationshipModel[];
  /** N:N relationships (optional for hand-built fixtures). */
  manyToManyRelationships?: ManyToManyRelationshipModel[];
  /** Platform tables the lookups point at. */
  externalTables?: Record<string, ExternalTableModel>;
}

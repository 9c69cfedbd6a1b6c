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
}

export interface AlternateKeyModel {
  logicalName: string;
  columns: string[];
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
}

export interface OptionModel {
  value: number;
  /** Stable code name used in TypeScript (e.g. Inbound). */
  name: string;
  labels: { 1033: string; 2052: string };
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
}

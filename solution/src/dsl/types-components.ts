/**
 * Definition types for the solution's non-table components: publisher, option sets, roles,
 * field security, the app with its sitemap, and environment variables.
 */
import type { Label } from './labels.js';

export interface PublisherDef {
  uniqueName: string;
  displayName: Label;
  description: Label;
  /** Customization prefix of every schema name (`wxm`). */
  prefix: string;
  /** Five digits; option values are `optionValuePrefix * 10000 + n` with n in 0..9999. */
  optionValuePrefix: number;
  website: string;
}

export interface SolutionManifestDef {
  uniqueName: string;
  displayName: Label;
  description: Label;
}

export interface OptionDef {
  value: number;
  /** Code name in TypeScript (PascalCase). */
  name: string;
  label: Label;
  /** What WeChat (or Azure) calls this option, e.g. msgtype `shortvideo`. */
  externalValue?: string;
}

export interface OptionSetDef {
  name: string;
  /** PascalCase name of the generated TypeScript constant, e.g. `MessageType`. */
  codeName: string;
  displayName: Label;
  description: Label;
  options: OptionDef[];
}

/** Basic = own rows, Local = business unit, Deep = business unit and children, Global = organization. */
export type Depth = 'Basic' | 'Local' | 'Deep' | 'Global';

export interface TablePrivilegesDef {
  table: string;
  create?: Depth;
  read?: Depth;
  write?: Depth;
  delete?: Depth;
  append?: Depth;
  appendTo?: Depth;
  assign?: Depth;
  share?: Depth;
}

export interface RoleDef {
  /** Stable id; the role GUID is derived from it. */
  id: string;
  name: string;
  description: Label;
  tables: TablePrivilegesDef[];
  /** Privileges on platform tables by their full name, e.g. `prvReadContact`. */
  other: { privilege: string; depth: Depth }[];
}

export interface FieldSecurityProfileDef {
  id: string;
  name: string;
  description: string;
  permissions: { table: string; column: string; read: boolean; update: boolean; create: boolean }[];
}

export type SubAreaDef =
  | { id: string; title: Label; table: string }
  | { id: string; title: Label; webResource: string }
  /** A system dashboard of solution/src/dashboards/, by DashboardDef.id. */
  | { id: string; title: Label; dashboard: string };

export interface SiteMapDef {
  uniqueName: string;
  name: Label;
  areas: { id: string; title: Label; groups: { id: string; title: Label; subAreas: SubAreaDef[] }[] }[];
}

export interface AppModuleDef {
  uniqueName: string;
  displayName: Label;
  description: Label;
  /** Role ids (RoleDef.id) that see the app. */
  roles: string[];
}

export interface EnvironmentVariableDef {
  schemaName: string;
  displayName: Label;
  description: Label;
  type: 'String';
  defaultValue?: string;
  isRequired: boolean;
}

/**
 * Short builders for column definitions, so a table file reads as a list of columns rather
 * than a wall of object literals.
 */
import type { Label } from './labels.js';
import type {
  BoolColumnDef,
  ChoiceColumnDef,
  DateTimeColumnDef,
  DecimalColumnDef,
  IntColumnDef,
  LookupColumnDef,
  MemoColumnDef,
  RequiredLevel,
  TextColumnDef,
} from './types.js';

interface Extra {
  required?: RequiredLevel;
  secured?: boolean;
  audit?: boolean;
}

export function text(
  schemaName: string,
  displayName: Label,
  description: Label,
  maxLength: number,
  extra: Extra & { format?: TextColumnDef['format'] } = {},
): TextColumnDef {
  return { kind: 'text', schemaName, displayName, description, maxLength, ...extra };
}

export function memo(schemaName: string, displayName: Label, description: Label, maxLength: number, extra: Extra = {}): MemoColumnDef {
  return { kind: 'memo', schemaName, displayName, description, maxLength, ...extra };
}

export function choice(
  schemaName: string,
  displayName: Label,
  description: Label,
  optionSet: string,
  extra: Extra & { defaultValue?: number } = {},
): ChoiceColumnDef {
  return { kind: 'choice', schemaName, displayName, description, optionSet, ...extra };
}

export function bool(
  schemaName: string,
  displayName: Label,
  description: Label,
  labels: { yes: Label; no: Label; defaultValue: boolean },
  extra: Extra = {},
): BoolColumnDef {
  return {
    kind: 'bool',
    schemaName,
    displayName,
    description,
    trueLabel: labels.yes,
    falseLabel: labels.no,
    defaultValue: labels.defaultValue,
    ...extra,
  };
}

/** Date and time stored in UTC and shown in the user's time zone (Dataverse "User local"). */
export function dateTime(schemaName: string, displayName: Label, description: Label, extra: Extra = {}): DateTimeColumnDef {
  return { kind: 'datetime', schemaName, displayName, description, format: 'datetime', behavior: 'UserLocal', ...extra };
}

export function int(schemaName: string, displayName: Label, description: Label, min: number, max: number, extra: Extra = {}): IntColumnDef {
  return { kind: 'int', schemaName, displayName, description, min, max, ...extra };
}

export function decimal(
  schemaName: string,
  displayName: Label,
  description: Label,
  range: { precision: number; min: number; max: number },
  extra: Extra = {},
): DecimalColumnDef {
  return { kind: 'decimal', schemaName, displayName, description, ...range, ...extra };
}

export function lookup(
  schemaName: string,
  displayName: Label,
  description: Label,
  target: { table: string; relationship: string; cascadeDelete: LookupColumnDef['cascadeDelete'] },
  extra: Extra = {},
): LookupColumnDef {
  return {
    kind: 'lookup',
    schemaName,
    displayName,
    description,
    target: target.table,
    relationship: target.relationship,
    cascadeDelete: target.cascadeDelete,
    ...extra,
  };
}

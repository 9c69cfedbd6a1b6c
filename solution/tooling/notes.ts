/**
 * The relationship Dataverse creates when a custom table gets notes (HasNotes / `HasRelatedNotes`): the solution does
 * not define it, the platform names it after the table's logical name — `<logical name>_Annotations` (lower-case
 * table, capital A), which is also the table's collection-valued navigation property to its notes, and the note's
 * side is `objectid_<logical name>`. Navigation property names are case-sensitive
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-navigation-properties), so a deep
 * insert through `wxm_Message_Annotations` (the schema name's casing) is refused with 400.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
 */
import type { NotesModel } from '../src/model.js';
import type { TableDef } from '../src/dsl/types.js';

export function notesOf(table: TableDef): NotesModel | undefined {
  if (!table.hasNotes) return undefined;
  const logicalName = table.schemaName.toLowerCase();
  return { collection: `${logicalName}_Annotations`, regarding: `objectid_${logicalName}` };
}

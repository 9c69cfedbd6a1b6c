/**
 * What deleting a row does to the rows whose lookups point at it, by each relationship's cascade rule, as Dataverse
 * does: Restrict refuses the delete while any such row exists (405 CannotDeleteDueToAssociation, 0x80040227),
 * Cascade deletes them (and what points at them, by their own rules), RemoveLink clears the lookup. Everything is
 * checked before anything is written, so a refused delete changes nothing.
 * https://learn.microsoft.com/power-apps/developer/data-platform/configure-entity-relationship-cascading-behavior
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#identify-status-codes
 */
import type { TableMeta } from '../metadata.js';
import { DataverseError } from '../errors.js';
import { isLookup, type StoredRow } from '../store.js';
import type { Scope } from './types.js';

export interface DeletePlan {
  /** Rows to delete, the requested one first, each once. */
  deletes: Array<{ table: TableMeta; row: StoredRow }>;
  /** Lookups to clear (RemoveLink) on rows that stay. */
  unlinks: Array<{ table: TableMeta; row: StoredRow; column: string }>;
}

export function cannotDeleteDueToAssociation(): DataverseError {
  return new DataverseError(405, '0x80040227', 'The object you tried to delete is associated with another object and cannot be deleted.');
}

/** The rows a delete of `row` removes or unlinks; throws CannotDeleteDueToAssociation for a Restrict relationship in use. */
export function planDelete(scope: Scope, table: TableMeta, row: StoredRow): DeletePlan {
  const plan: DeletePlan = { deletes: [], unlinks: [] };
  const deleting = new Set<string>();
  const visit = (t: TableMeta, r: StoredRow) => {
    const key = `${t.logicalName}|${r.id}`;
    if (deleting.has(key)) return;
    deleting.add(key);
    plan.deletes.push({ table: t, row: r });
    for (const rel of scope.meta.schema.relationships ?? []) {
      if (rel.referencedEntity !== t.logicalName || !scope.meta.tables.has(rel.referencingEntity)) continue;
      const child = scope.meta.table(rel.referencingEntity);
      const pointing = scope.store.all(child).filter((c) => {
        const v = c.values[rel.referencingAttribute];
        return isLookup(v) && v.id.toLowerCase() === r.id.toLowerCase();
      });
      for (const c of pointing) {
        if (rel.cascadeDelete === 'Restrict') throw cannotDeleteDueToAssociation();
        if (rel.cascadeDelete === 'Cascade') visit(child, c);
        else plan.unlinks.push({ table: child, row: c, column: rel.referencingAttribute });
      }
    }
    // Notes go with the row they are attached to (the platform's own Cascade relationships, not the solution's).
    if (scope.meta.tables.has('annotation')) {
      const notes = scope.meta.table('annotation');
      for (const n of scope.store.all(notes)) {
        const v = n.values.objectid;
        if (isLookup(v) && v.id.toLowerCase() === r.id.toLowerCase()) visit(notes, n);
      }
    }
  };
  visit(table, row);
  // A row both cascaded and unlinked (two lookups to the deleted tree) is deleted: nothing to unlink on it.
  plan.unlinks = plan.unlinks.filter((u) => !deleting.has(`${u.table.logicalName}|${u.row.id}`));
  return plan;
}

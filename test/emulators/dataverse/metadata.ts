/**
 * The emulator's view of the schema: the solution's SchemaModel plus the built-in tables, indexed the ways the
 * Web API needs (entity set → table, navigation property → lookup column, `_x_value` → lookup column).
 * Lookup naming follows https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-properties#lookup-properties
 */
import type { ColumnModel, ManyToManyRelationshipModel, OptionSetModel, SchemaModel, TableModel } from '../../../solution/src/model.js';
import { notesCollection, platformOwnedTables, systemManyToMany, systemOptionSets, systemTables } from './system-tables.js';

export interface Navigation {
  name: string;
  column: string;
  /** Tables a bound row may belong to (several for ownerid: systemuser or team). */
  targets: string[];
}

/**
 * A collection-valued navigation property (the referenced side of a one-to-many relationship): the rows of `table`
 * whose lookup `column` points at this row. A deep insert creates rows through it.
 */
export interface Collection {
  name: string;
  table: string;
  column: string;
}

/**
 * One side of a many-to-many relationship: the collection-valued navigation property of this table whose rows are
 * the `table` rows paired with this one in the intersect table (`$ref` to associate and disassociate, `$expand`).
 */
export interface Association {
  relationship: string;
  name: string;
  /** The related table. */
  table: string;
  /** The intersect table and its columns holding this row's id and the related row's id. */
  intersect: string;
  ownColumn: string;
  otherColumn: string;
  /** Name of the intersect table's alternate key over (ownColumn, otherColumn) order of entity1, entity2. */
  pairKey: string;
}

export interface TableMeta {
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  ownership: TableModel['ownership'];
  columns: Map<string, ColumnModel>;
  /** Single-valued navigation property name → lookup column and target table. */
  navigations: Map<string, Navigation>;
  /** `_<lookup>_value` → lookup column. */
  lookupProperties: Map<string, ColumnModel>;
  /** Collection-valued navigation property name (case-sensitive) → the related table and its lookup column. */
  collections: Map<string, Collection>;
  /** N:N navigation property name (case-sensitive) → the relationship seen from this table. */
  associations: Map<string, Association>;
  alternateKeys: TableModel['alternateKeys'];
  objectTypeCode: number;
  platformOwned: boolean;
}

const SYSTEM_OTC: Record<string, number> = {
  contact: 2,
  lead: 4,
  annotation: 5,
  systemuser: 8,
  businessunit: 10,
  role: 1036,
  roletemplate: 1037,
  team: 9,
  organization: 1019,
  sdkmessage: 4606,
  sdkmessagefilter: 4607,
  sdkmessageprocessingstep: 4608,
  serviceendpoint: 4618,
  environmentvariabledefinition: 380,
  environmentvariablevalue: 381,
};

const col = (logicalName: string, type: ColumnModel['type'], extra: Partial<ColumnModel> = {}): ColumnModel => ({
  logicalName,
  schemaName: logicalName,
  type,
  required: 'none',
  readOnly: true,
  ...extra,
});

/** Columns every Dataverse table has, added when the schema does not declare them itself. */
function platformColumns(t: TableModel): ColumnModel[] {
  const columns = [
    col('createdon', 'datetime'),
    // Set on create to date a migrated row (createdon takes its value); tests date rows with it.
    col('overriddencreatedon', 'datetime', { readOnly: false }),
    col('modifiedon', 'datetime'),
    col('createdby', 'lookup', { targets: ['systemuser'], navigationProperty: 'createdby' }),
    col('modifiedby', 'lookup', { targets: ['systemuser'], navigationProperty: 'modifiedby' }),
    col('statecode', 'state', { readOnly: false, optionSet: `${t.logicalName}_statecode` }),
    col('statuscode', 'status', { readOnly: false, optionSet: `${t.logicalName}_statuscode` }),
  ];
  if (t.ownership === 'UserOwned') columns.push(col('ownerid', 'owner', { readOnly: false, targets: ['systemuser'], navigationProperty: 'ownerid' }));
  return columns;
}

function stateOptionSets(t: TableModel): OptionSetModel[] {
  const labels = (n: string) => ({ 1033: n, 2052: n });
  return [
    {
      name: `${t.logicalName}_statecode`,
      isGlobal: false,
      options: [
        { value: 0, name: 'Active', labels: labels('Active') },
        { value: 1, name: 'Inactive', labels: labels('Inactive') },
      ],
    },
    {
      name: `${t.logicalName}_statuscode`,
      isGlobal: false,
      options: [
        { value: 1, name: 'Active', labels: labels('Active') },
        { value: 2, name: 'Inactive', labels: labels('Inactive') },
      ],
    },
  ];
}

export class Metadata {
  readonly tables = new Map<string, TableMeta>();
  readonly bySet = new Map<string, TableMeta>();
  readonly optionSets = new Map<string, OptionSetModel>();

  constructor(readonly schema: SchemaModel) {
    const custom = Object.values(schema.tables);
    const withNotes = custom.filter((t) => t.hasNotes !== false).map((t) => t.logicalName);
    const noteTargets = ['contact', ...withNotes.filter((n) => n !== 'contact')];
    const merged = new Map<string, TableModel>();
    for (const t of systemTables(noteTargets)) merged.set(t.logicalName, t);
    // Platform tables the solution's lookups point at (team...) exist as bare tables so that binds resolve.
    for (const x of Object.values(schema.externalTables ?? {})) {
      if (merged.has(x.logicalName)) continue;
      const id = { logicalName: x.primaryIdAttribute, schemaName: x.primaryIdAttribute, type: 'primarykey' as const, required: 'none' as const };
      merged.set(x.logicalName, {
        logicalName: x.logicalName,
        schemaName: x.logicalName,
        entitySetName: x.entitySetName,
        primaryIdAttribute: x.primaryIdAttribute,
        primaryNameAttribute: 'name',
        ownership: 'OrganizationOwned',
        columns: { [id.logicalName]: id, name: { logicalName: 'name', schemaName: 'name', type: 'string', maxLength: 160, required: 'none' } },
        alternateKeys: [],
      });
    }
    for (const t of custom) {
      // The solution may extend a system table (a column on contact): its columns are added to the built-in one.
      const base = merged.get(t.logicalName);
      merged.set(t.logicalName, base ? { ...base, columns: { ...base.columns, ...t.columns }, alternateKeys: [...base.alternateKeys, ...t.alternateKeys] } : t);
    }
    for (const os of Object.values(systemOptionSets)) this.optionSets.set(os.name, os);
    for (const os of Object.values(schema.optionSets)) this.optionSets.set(os.name, os);
    let nextOtc = 10000;
    for (const t of merged.values()) {
      const meta = this.index(t, SYSTEM_OTC[t.logicalName] ?? nextOtc++);
      this.tables.set(meta.logicalName, meta);
      this.bySet.set(meta.entitySetName, meta);
    }
    for (const r of schema.relationships ?? [])
      this.addCollection(r.referencedEntity, r.referencedNavigationProperty, r.referencingEntity, r.referencingAttribute);
    for (const r of [...systemManyToMany, ...(schema.manyToManyRelationships ?? [])]) this.addManyToMany(r);
    // Notes: one relationship per table with notes, named by the platform, not by the solution (system-tables.ts).
    for (const target of noteTargets) this.addCollection(target, notesCollection(target), 'annotation', 'objectid');
  }

  /**
   * The intersect table is a table of its own (entity1's id, entity2's id, its own id) so that change sets undo
   * associations like any other write; it is not addressable through the Web API here (Dataverse exposes it read-only).
   */
  private addManyToMany(r: ManyToManyRelationshipModel): void {
    const first = this.tables.get(r.entity1LogicalName);
    const second = this.tables.get(r.entity2LogicalName);
    if (!first || !second || this.tables.has(r.intersectEntityName)) return;
    const id = `${r.intersectEntityName}id`;
    const guid = (name: string): ColumnModel => ({ logicalName: name, schemaName: name, type: 'string', maxLength: 36, required: 'required', readOnly: true });
    const pairKey = `${r.intersectEntityName}_pair`;
    const intersect: TableMeta = {
      logicalName: r.intersectEntityName,
      entitySetName: `${r.intersectEntityName}set`,
      primaryId: id,
      primaryName: id,
      ownership: 'OrganizationOwned',
      columns: new Map([
        [id, { logicalName: id, schemaName: id, type: 'primarykey', required: 'none' }],
        [r.entity1IntersectAttribute, guid(r.entity1IntersectAttribute)],
        [r.entity2IntersectAttribute, guid(r.entity2IntersectAttribute)],
      ]),
      navigations: new Map(),
      lookupProperties: new Map(),
      collections: new Map(),
      associations: new Map(),
      alternateKeys: [{ logicalName: pairKey, columns: [r.entity1IntersectAttribute, r.entity2IntersectAttribute] }],
      objectTypeCode: 0,
      platformOwned: false,
    };
    this.tables.set(intersect.logicalName, intersect);
    const side = (name: string, table: string, own: string, other: string): Association => ({
      relationship: r.schemaName,
      name,
      table,
      intersect: r.intersectEntityName,
      ownColumn: own,
      otherColumn: other,
      pairKey,
    });
    first.associations.set(
      r.entity1NavigationPropertyName,
      side(r.entity1NavigationPropertyName, second.logicalName, r.entity1IntersectAttribute, r.entity2IntersectAttribute),
    );
    second.associations.set(
      r.entity2NavigationPropertyName,
      side(r.entity2NavigationPropertyName, first.logicalName, r.entity2IntersectAttribute, r.entity1IntersectAttribute),
    );
  }

  private addCollection(parent: string, name: string, child: string, column: string): void {
    const referenced = this.tables.get(parent);
    const referencing = this.tables.get(child);
    if (!referenced || !referencing?.columns.has(column)) return;
    referenced.collections.set(name, { name, table: child, column });
  }

  private index(t: TableModel, objectTypeCode: number): TableMeta {
    const columns = new Map<string, ColumnModel>(Object.values(t.columns).map((c) => [c.logicalName, c]));
    for (const c of platformColumns(t)) if (!columns.has(c.logicalName)) columns.set(c.logicalName, c);
    for (const os of stateOptionSets(t)) if (!this.optionSets.has(os.name)) this.optionSets.set(os.name, os);
    const navigations = new Map<string, Navigation>();
    const lookupProperties = new Map<string, ColumnModel>();
    for (const c of columns.values()) {
      if (c.type !== 'lookup' && c.type !== 'owner') continue;
      lookupProperties.set(`_${c.logicalName}_value`, c);
      const targets = c.targets ?? [];
      if (c.navigationProperty || targets.length === 1) {
        const name = c.navigationProperty ?? c.logicalName;
        navigations.set(name, { name, column: c.logicalName, targets });
      } else {
        // Multi-table lookups get one navigation property per target (objectid_contact, objectid_wxm_message...).
        for (const target of targets)
          navigations.set(`${c.logicalName}_${target}`, { name: `${c.logicalName}_${target}`, column: c.logicalName, targets: [target] });
      }
    }
    return {
      logicalName: t.logicalName,
      entitySetName: t.entitySetName,
      primaryId: t.primaryIdAttribute,
      primaryName: t.primaryNameAttribute,
      ownership: t.ownership,
      columns,
      navigations,
      lookupProperties,
      collections: new Map(),
      associations: new Map(),
      alternateKeys: t.alternateKeys,
      objectTypeCode,
      platformOwned: platformOwnedTables.has(t.logicalName),
    };
  }

  table(logicalName: string): TableMeta {
    const t = this.tables.get(logicalName);
    if (!t) throw new Error(`Unknown table ${logicalName}`);
    return t;
  }

  optionValues(column: ColumnModel): number[] | undefined {
    if (!column.optionSet) return undefined;
    return this.optionSets.get(column.optionSet)?.options.map((o) => o.value);
  }

  optionLabel(column: ColumnModel, value: number): string | undefined {
    if (!column.optionSet) return undefined;
    return this.optionSets.get(column.optionSet)?.options.find((o) => o.value === value)?.labels[1033];
  }
}

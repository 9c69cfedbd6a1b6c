/**
 * The RemoteExecutionContext JSON Dataverse posts to a webhook, in the shape of the sample on
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks#request-body :
 * Entity attributes as KeyValuePairs, lookups as EntityReference, choices as OptionSetValue, dates as \/Date(ms)\/.
 */
import { randomUUID } from 'node:crypto';
import type { ColumnModel } from '../../../../solution/src/model.js';
import type { TableMeta } from '../metadata.js';
import { isLookup, type Value } from '../store.js';
import type { OrgInfo, RowEvent } from '../api/types.js';

const CONTRACTS = 'http://schemas.microsoft.com/xrm/2011/Contracts';

export interface StepInfo {
  id: string;
  name: string;
  stage: number;
  mode: number;
}

function entityReference(id: string, logicalName: string) {
  return { __type: `EntityReference:${CONTRACTS}`, Id: id, KeyAttributes: [], LogicalName: logicalName, Name: null, RowVersion: null };
}

function attributeValue(column: ColumnModel | undefined, v: Value): unknown {
  if (v === null) return null;
  if (isLookup(v)) return entityReference(v.id, v.table);
  if (!column) return v;
  if ((column.type === 'picklist' || column.type === 'state' || column.type === 'status') && typeof v === 'number')
    return { __type: `OptionSetValue:${CONTRACTS}`, Value: v };
  if (column.type === 'datetime' && typeof v === 'string') return `/Date(${Date.parse(v)})/`;
  return v;
}

/**
 * InputParameters of the Associate and Disassociate messages (AssociateRequest / DisassociateRequest: Target,
 * Relationship, RelatedEntities; https://learn.microsoft.com/dotnet/api/microsoft.xrm.sdk.messages.associaterequest):
 * the row the request was made on, the relationship by schema name, and the rows paired with it. The collection is
 * an EntityReferenceCollection, which DataContractJsonSerializer writes as a plain array of EntityReference.
 */
function associationInput(table: TableMeta, event: RowEvent): { key: string; value: unknown }[] {
  return [
    { key: 'Target', value: entityReference(event.id, table.logicalName) },
    { key: 'Relationship', value: { __type: `Relationship:${CONTRACTS}`, PrimaryEntityRole: null, SchemaName: event.relationship ?? '' } },
    { key: 'RelatedEntities', value: (event.related ?? []).map((r) => entityReference(r.id, r.table)) },
  ];
}

export function buildContext(table: TableMeta, event: RowEvent, version: number, step: StepInfo, org: OrgInfo, correlationId: string): Record<string, unknown> {
  const attributes = Object.entries(event.attributes).map(([key, v]) => ({ key, value: attributeValue(table.columns.get(key), v) }));
  const target = {
    __type: `Entity:${CONTRACTS}`,
    Attributes: attributes,
    EntityState: null,
    FormattedValues: [],
    Id: event.id,
    KeyAttributes: [],
    LogicalName: table.logicalName,
    RelatedEntities: [],
    RowVersion: String(version),
  };
  const pairing = event.message === 'Associate' || event.message === 'Disassociate';
  const input = pairing
    ? associationInput(table, event)
    : event.message === 'Delete'
      ? [{ key: 'Target', value: entityReference(event.id, table.logicalName) }]
      : [{ key: 'Target', value: target }];
  return {
    BusinessUnitId: org.businessUnitId,
    CorrelationId: correlationId,
    Depth: 1,
    InitiatingUserId: event.userId,
    InputParameters: input,
    IsExecutingOffline: false,
    IsInTransaction: step.mode === 0,
    IsOfflinePlayback: false,
    IsolationMode: 1,
    MessageName: event.message,
    Mode: step.mode,
    OperationCreatedOn: `/Date(${event.at}+0000)/`,
    OperationId: randomUUID(),
    OrganizationId: org.id,
    OrganizationName: org.name,
    OutputParameters: event.message === 'Create' ? [{ key: 'id', value: event.id }] : [],
    OwningExtension: { Id: step.id, KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: step.name, RowVersion: null },
    ParentContext: null,
    PostEntityImages: [],
    PreEntityImages: [],
    PrimaryEntityId: event.id,
    // Associate / Disassociate steps are registered without a primary table, and their context names none: the
    // rows are in InputParameters (Target, RelatedEntities).
    PrimaryEntityName: pairing ? 'none' : table.logicalName,
    RequestId: randomUUID(),
    SecondaryEntityName: 'none',
    SharedVariables: [],
    Stage: step.stage,
    UserId: event.userId,
  };
}

/** .NET's DataContractJsonSerializer escapes every '/', which is why the sample shows "\/Date(…)\/". */
export function serializeContext(context: Record<string, unknown>): string {
  return JSON.stringify(context).replace(/\//g, '\\/');
}

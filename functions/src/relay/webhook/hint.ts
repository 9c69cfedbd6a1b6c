/**
 * A Dataverse webhook post (the RemoteExecutionContext JSON) read as a *hint*: which org, table, row and
 * message changed, plus the attributes it claims. The relay never acts on the claimed values alone: it re-reads
 * the row from that org with that org's own application user first, so a forged hint can do nothing.
 *
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks#request-body
 */
import { CallbackRejected } from '../errors.js';
import { GUID_PATTERN as GUID } from '../../kernel/guid.js';

export type HintMessage = 'Create' | 'Update' | 'Delete' | 'Associate' | 'Disassociate';

export interface DataverseHint {
  message: HintMessage;
  /** The row's table; for Associate / Disassociate the Target's (their context names no primary table). */
  table: string;
  rowId: string;
  organizationId: string;
  /** Target attributes as posted: lookups become { id, logicalName }, choices their number, dates ISO strings. */
  attributes: Record<string, unknown>;
  /** Associate / Disassociate: the N:N relationship (schema name) and the rows paired with (or parted from) the row. */
  pairing?: { relationship: string; related: { id: string; table: string }[] };
  /**
   * Who made the change (InitiatingUserId), as claimed. Only ever used to skip work (a change the relay's own
   * application user made), which is the safe direction for a forged value.
   */
  initiatingUserId?: string;
}

/** A bulk pairing names at most this many rows in one hint; more is refused as malformed (bounded work per hint). */
export const MAX_RELATED_ENTITIES = 5000;

/** Every malformed body is a 400 (CallbackRejected), never a TypeError that would answer 500. */
const malformed = (detail: string) => new CallbackRejected('missing-parameter', detail);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseHint(body: string): DataverseHint {
  let context: unknown;
  try {
    context = JSON.parse(body);
  } catch {
    throw new CallbackRejected('malformed-xml', 'the webhook body is not JSON');
  }
  // `null`, arrays, numbers, strings and booleans are JSON too, but not a RemoteExecutionContext.
  if (!isObject(context)) throw malformed('the webhook body is not a JSON object');
  const message = context.MessageName;
  if (message === 'Associate' || message === 'Disassociate') return pairingHint(context, message);
  if (message !== 'Create' && message !== 'Update' && message !== 'Delete') {
    throw malformed(`unsupported MessageName ${typeof message === 'string' ? message.slice(0, 40) : typeof message}`);
  }
  const table = context.PrimaryEntityName;
  const rowId = context.PrimaryEntityId;
  const organizationId = context.OrganizationId;
  if (typeof table !== 'string' || !/^[a-z_0-9]{1,64}$/.test(table)) throw malformed('PrimaryEntityName missing');
  if (typeof rowId !== 'string' || !GUID.test(rowId)) throw malformed('PrimaryEntityId missing');
  if (typeof organizationId !== 'string' || !GUID.test(organizationId)) throw malformed('OrganizationId missing');
  return {
    message,
    table,
    rowId: rowId.toLowerCase(),
    organizationId: organizationId.toLowerCase(),
    attributes: targetAttributes(context),
    ...initiator(context),
  };
}

function initiator(context: Record<string, unknown>): { initiatingUserId?: string } {
  const user = context.InitiatingUserId;
  return typeof user === 'string' && GUID.test(user) ? { initiatingUserId: user.toLowerCase() } : {};
}

/**
 * Associate / Disassociate (AssociateRequest: Target, Relationship, RelatedEntities): the rows are in the input
 * parameters, not in PrimaryEntityName/Id (a pairing step has no primary table).
 * https://learn.microsoft.com/dotnet/api/microsoft.xrm.sdk.messages.associaterequest
 */
function pairingHint(context: Record<string, unknown>, message: 'Associate' | 'Disassociate'): DataverseHint {
  const organizationId = context.OrganizationId;
  if (typeof organizationId !== 'string' || !GUID.test(organizationId)) throw malformed('OrganizationId missing');
  const inputs = context.InputParameters;
  if (!Array.isArray(inputs)) throw malformed('InputParameters is not an array');
  const input = (key: string): unknown => inputs.find((p: unknown) => isObject(p) && p.key === key)?.value;
  const target = reference(input('Target'), 'Target');
  const relationship = input('Relationship');
  const schemaName = isObject(relationship) ? relationship.SchemaName : undefined;
  if (typeof schemaName !== 'string' || !/^[A-Za-z_0-9]{1,128}$/.test(schemaName)) throw malformed('Relationship missing');
  const related = input('RelatedEntities');
  if (!Array.isArray(related) || related.length === 0) throw malformed('RelatedEntities missing');
  if (related.length > MAX_RELATED_ENTITIES) throw malformed(`more than ${MAX_RELATED_ENTITIES} RelatedEntities`);
  return {
    message,
    table: target.table,
    rowId: target.id,
    organizationId: organizationId.toLowerCase(),
    attributes: {},
    pairing: { relationship: schemaName, related: related.map((r, i) => reference(r, `RelatedEntities[${i}]`)) },
    ...initiator(context),
  };
}

/** An EntityReference ({ Id, LogicalName }) as { id, table }. */
function reference(value: unknown, what: string): { id: string; table: string } {
  if (!isObject(value) || typeof value.Id !== 'string' || !GUID.test(value.Id)) throw malformed(`${what} is not an entity reference`);
  if (typeof value.LogicalName !== 'string' || !/^[a-z_0-9]{1,64}$/.test(value.LogicalName)) throw malformed(`${what} has no logical name`);
  return { id: value.Id.toLowerCase(), table: value.LogicalName };
}

function targetAttributes(context: Record<string, unknown>): Record<string, unknown> {
  const inputs = context.InputParameters;
  if (inputs === undefined || inputs === null) return {};
  if (!Array.isArray(inputs)) throw malformed('InputParameters is not an array');
  const target: unknown = inputs.find((p: unknown) => isObject(p) && p.key === 'Target')?.value;
  // Delete carries an EntityReference as its Target (no attributes); Create/Update an Entity.
  if (target === undefined || target === null) return {};
  if (!isObject(target)) throw malformed('the Target input parameter is not an object');
  const pairs = target.Attributes;
  if (pairs === undefined || pairs === null) return {};
  if (!Array.isArray(pairs)) throw malformed('Target.Attributes is not an array');
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    if (!isObject(pair) || typeof pair.key !== 'string') throw malformed('an attribute is not a { key, value } pair');
    out[pair.key] = plain(pair.value);
  }
  return out;
}

/** EntityReference → { id, logicalName }; OptionSetValue / Money → number; \/Date(ms)\/ → ISO string. */
function plain(value: unknown): unknown {
  if (isObject(value)) {
    const v = value;
    if (typeof v.__type === 'string' && v.__type.startsWith('EntityReference')) return { id: String(v.Id).toLowerCase(), logicalName: v.LogicalName };
    if ('Value' in v && Object.keys(v).every((k) => k === 'Value' || k === '__type')) return v.Value;
  }
  if (typeof value === 'string') {
    const date = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
    if (date) {
      const at = new Date(Number(date[1]));
      return Number.isNaN(at.getTime()) ? value : at.toISOString();
    }
  }
  return value;
}

/**
 * A Dataverse webhook post (the RemoteExecutionContext JSON) read as a *hint*: which org, table, row and
 * message changed, plus the attributes it claims. The relay never acts on the claimed values alone: it re-reads
 * the row from that org with that org's own application user first, so a forged hint can do nothing.
 *
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks#request-body
 */
import { CallbackRejected } from '../errors.js';
import { GUID_PATTERN as GUID } from '../../kernel/guid.js';

export interface DataverseHint {
  message: 'Create' | 'Update' | 'Delete';
  table: string;
  rowId: string;
  organizationId: string;
  /** Target attributes as posted: lookups become { id, logicalName }, choices their number, dates ISO strings. */
  attributes: Record<string, unknown>;
}

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
  if (message !== 'Create' && message !== 'Update' && message !== 'Delete') {
    throw malformed(`unsupported MessageName ${typeof message === 'string' ? message.slice(0, 40) : typeof message}`);
  }
  const table = context.PrimaryEntityName;
  const rowId = context.PrimaryEntityId;
  const organizationId = context.OrganizationId;
  if (typeof table !== 'string' || !/^[a-z_0-9]{1,64}$/.test(table)) throw malformed('PrimaryEntityName missing');
  if (typeof rowId !== 'string' || !GUID.test(rowId)) throw malformed('PrimaryEntityId missing');
  if (typeof organizationId !== 'string' || !GUID.test(organizationId)) throw malformed('OrganizationId missing');
  return { message, table, rowId: rowId.toLowerCase(), organizationId: organizationId.toLowerCase(), attributes: targetAttributes(context) };
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

/**
 * A Dataverse webhook post (the RemoteExecutionContext JSON) read as a *hint*: which org, table, row and
 * message changed, plus the attributes it claims. The relay never acts on the claimed values alone: it re-reads
 * the row from that org with that org's own application user first, so a forged hint can do nothing.
 *
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks#request-body
 */
import { CallbackRejected } from '../errors.js';

export interface DataverseHint {
  message: 'Create' | 'Update' | 'Delete';
  table: string;
  rowId: string;
  organizationId: string;
  /** Target attributes as posted: lookups become { id, logicalName }, choices their number, dates ISO strings. */
  attributes: Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseHint(body: string): DataverseHint {
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new CallbackRejected('malformed-xml', 'the webhook body is not JSON');
  }
  const message = context.MessageName;
  if (message !== 'Create' && message !== 'Update' && message !== 'Delete') {
    throw new CallbackRejected('missing-parameter', `unsupported MessageName ${String(message)}`);
  }
  const table = context.PrimaryEntityName;
  const rowId = context.PrimaryEntityId;
  const organizationId = context.OrganizationId;
  if (typeof table !== 'string' || !/^[a-z_0-9]+$/.test(table)) throw new CallbackRejected('missing-parameter', 'PrimaryEntityName missing');
  if (typeof rowId !== 'string' || !GUID.test(rowId)) throw new CallbackRejected('missing-parameter', 'PrimaryEntityId missing');
  if (typeof organizationId !== 'string' || !GUID.test(organizationId)) throw new CallbackRejected('missing-parameter', 'OrganizationId missing');
  return { message, table, rowId: rowId.toLowerCase(), organizationId: organizationId.toLowerCase(), attributes: targetAttributes(context) };
}

function targetAttributes(context: Record<string, unknown>): Record<string, unknown> {
  const inputs = Array.isArray(context.InputParameters) ? (context.InputParameters as Array<{ key?: unknown; value?: unknown }>) : [];
  const target = inputs.find((p) => p.key === 'Target')?.value as { Attributes?: unknown } | undefined;
  const pairs = Array.isArray(target?.Attributes) ? (target.Attributes as Array<{ key?: unknown; value?: unknown }>) : [];
  const out: Record<string, unknown> = {};
  for (const { key, value } of pairs) if (typeof key === 'string') out[key] = plain(value);
  return out;
}

/** EntityReference → { id, logicalName }; OptionSetValue / Money → number; \/Date(ms)\/ → ISO string. */
function plain(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.__type === 'string' && v.__type.startsWith('EntityReference')) return { id: String(v.Id).toLowerCase(), logicalName: v.LogicalName };
    if ('Value' in v && Object.keys(v).every((k) => k === 'Value' || k === '__type')) return v.Value;
  }
  if (typeof value === 'string') {
    const date = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
    if (date) return new Date(Number(date[1])).toISOString();
  }
  return value;
}

/**
 * context.webAPI for the harness: the same calls a model-driven app offers a control, made with fetch against the
 * Dataverse Web API (here the emulator, behind the harness server, which adds the bearer token as Dynamics' session
 * would). Errors are thrown as the platform rejects them: an object with a message and a code.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/webapi
 */
import { EntitySets, schema, TableNames } from '../../../../../solution/generated/schema.js';


const SETS: Record<string, string> = {
  [TableNames.Message]: EntitySets.Message,
  [TableNames.Follower]: EntitySets.Follower,
  [TableNames.OfficialAccount]: EntitySets.OfficialAccount,
  annotation: 'annotations',
};

/**
 * Deep insert (related rows created with their parent in one operation). The Web API does it in one POST; the
 * emulator does not, so the harness sends the same rows as one $batch change set: atomic, and committed before any
 * webhook fires, which is what the relay relies on to find an image reply's note.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
 * Only the names the platform gives the notes relationship of a table with notes are recognized, spelled as
 * Dataverse spells them here, on purpose not from the control's constants: `<table logical name>_Annotations`,
 * case-sensitive. Any other key stays in the parent row, and the emulator refuses it as an invalid property (400),
 * as Dataverse would.
 */
const COLLECTIONS: Record<string, { set: string; parentBind: string }> = Object.fromEntries(
  Object.values(schema.tables)
    .filter((table) => table.hasNotes)
    .map((table) => [`${table.logicalName}_Annotations`, { set: 'annotations', parentBind: `objectid_${table.logicalName}` }]),
);

export class WebApiError extends Error {
  constructor(message: string, readonly code: string, readonly status: number) {
    super(message);
  }
}

export interface LookupValue {
  id: string;
  entityType: string;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
}

function setOf(entityType: string): string {
  const set = SETS[entityType];
  if (!set) throw new WebApiError(`The harness does not know the table ${entityType}.`, '0x80040217', 404);
  return set;
}

async function fail(res: Response): Promise<never> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  throw new WebApiError(body.error?.message ?? `HTTP ${res.status}`, body.error?.code ?? '', res.status);
}

const idFromEntityId = (header: string | null) => /\(([0-9a-f-]{36})\)$/i.exec(header ?? '')?.[1] ?? '';

/**
 * `root` is the Web API's service root: same-origin `/api/data/v9.2/` in the page (the harness server adds the
 * token); the emulator's own root plus an Authorization header when the store is tested from Node.
 */
export function createWebApi(log: RequestLogEntry[], settings: { root?: string; headers?: () => Record<string, string> } = {}) {
  const ROOT = settings.root ?? '/api/data/v9.2/';
  const call = async (method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
    const headers = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', ...settings.headers?.(), ...init.headers };
    const res = await fetch(url, { method, headers, body: init.body });
    log.push({ method, url, status: res.status });
    return res;
  };

  async function createWithRelated(entityType: string, data: Record<string, unknown>): Promise<LookupValue> {
    const own: Record<string, unknown> = {};
    const related: { set: string; row: Record<string, unknown> }[] = [];
    for (const [key, value] of Object.entries(data)) {
      const collection = COLLECTIONS[key];
      if (collection && Array.isArray(value)) for (const row of value as Record<string, unknown>[]) related.push({ set: collection.set, row: { ...row, [`${collection.parentBind}@odata.bind`]: '$1' } });
      else own[key] = value;
    }
    const part = (id: number, set: string, row: Record<string, unknown>) =>
      ['--changeset_h', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', `Content-ID: ${id}`, '', `POST ${ROOT}${set} HTTP/1.1`, 'Content-Type: application/json', '', JSON.stringify(row)].join('\r\n');
    const body = [
      '--batch_h',
      'Content-Type: multipart/mixed; boundary=changeset_h',
      '',
      part(1, setOf(entityType), own),
      ...related.map((r, i) => part(i + 2, r.set, r.row)),
      '--changeset_h--',
      '--batch_h--',
      '',
    ].join('\r\n');
    const res = await call('POST', `${ROOT}$batch`, { headers: { 'Content-Type': 'multipart/mixed; boundary=batch_h' }, body });
    if (!res.ok) return fail(res);
    const text = await res.text();
    const id = /OData-EntityId:\s*\S*\(([0-9a-f-]{36})\)/i.exec(text)?.[1];
    if (!id) throw new WebApiError(`The batch answer named no created row: ${text.slice(0, 300)}`, '', res.status);
    return { id, entityType };
  }

  return {
    async retrieveRecord(entityType: string, id: string, options = ''): Promise<Record<string, unknown>> {
      const res = await call('GET', `${ROOT}${setOf(entityType)}(${id})${options}`, { headers: { Prefer: 'odata.include-annotations="*"' } });
      if (!res.ok) return fail(res);
      return (await res.json()) as Record<string, unknown>;
    },

    async retrieveMultipleRecords(entityType: string, options = '', maxPageSize?: number): Promise<{ entities: Record<string, unknown>[]; nextLink?: string }> {
      const prefer = ['odata.include-annotations="*"', ...(maxPageSize ? [`odata.maxpagesize=${maxPageSize}`] : [])].join(',');
      const res = await call('GET', `${ROOT}${setOf(entityType)}${options}`, { headers: { Prefer: prefer } });
      if (!res.ok) return fail(res);
      const body = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
      return { entities: body.value, nextLink: body['@odata.nextLink'] };
    },

    async createRecord(entityType: string, data: Record<string, unknown>): Promise<LookupValue> {
      if (Object.keys(data).some((key) => COLLECTIONS[key])) return createWithRelated(entityType, data);
      const res = await call('POST', `${ROOT}${setOf(entityType)}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
      if (!res.ok) return fail(res);
      return { id: idFromEntityId(res.headers.get('OData-EntityId')), entityType };
    },
  };
}

/**
 * context.webAPI for the harness: the same calls a model-driven app offers a control, made with fetch against the
 * Dataverse Web API (here the emulator, behind the harness server, which adds the bearer token as Dynamics' session
 * would). Errors are thrown as the platform rejects them: an object with a message and a code.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/webapi
 */
import { EntitySets, TableNames } from '@wxm/solution/schema';

const SETS: Record<string, string> = {
  [TableNames.Message]: EntitySets.Message,
  [TableNames.Follower]: EntitySets.Follower,
  [TableNames.OfficialAccount]: EntitySets.OfficialAccount,
  annotation: 'annotations',
};

export class WebApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
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

    /**
     * One POST, related rows included (a deep insert, e.g. an image reply's note under `wxm_message_Annotations`):
     * the Web API creates them in the same operation, and so does the emulator, which refuses a wrongly spelt
     * navigation property as Dataverse does.
     * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
     */
    async createRecord(entityType: string, data: Record<string, unknown>): Promise<LookupValue> {
      const res = await call('POST', `${ROOT}${setOf(entityType)}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
      if (!res.ok) return fail(res);
      return { id: idFromEntityId(res.headers.get('OData-EntityId')), entityType };
    },
  };
}

/**
 * context.webAPI for the designer's harness: the calls a model-driven app offers a control (retrieveRecord,
 * retrieveMultipleRecords, updateRecord), made with fetch against the same-origin Web API (the harness server adds
 * the token as Dynamics' session would). Errors are thrown as the platform rejects them: an Error with a message.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/webapi
 */
const SETS: Record<string, string> = { wxm_menu: 'wxm_menus', wxm_tag: 'wxm_tags', wxm_autoreply: 'wxm_autoreplies' };

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  body?: string;
}

export function createMenuWebApi(log: RequestLogEntry[]) {
  const ROOT = '/api/data/v9.2/';
  const setOf = (entityType: string) => {
    const set = SETS[entityType];
    if (!set) throw new Error(`The harness does not know the table ${entityType}.`);
    return set;
  };
  const call = async (method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
    const res = await fetch(url, {
      method,
      headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', ...init.headers },
      body: init.body,
    });
    log.push({ method, url, status: res.status, ...(init.body ? { body: init.body } : {}) });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    }
    return res;
  };
  const annotations = { Prefer: 'odata.include-annotations="*"' };
  return {
    async retrieveRecord(entityType: string, id: string, options = ''): Promise<Record<string, unknown>> {
      return (await (await call('GET', `${ROOT}${setOf(entityType)}(${id})${options}`, { headers: annotations })).json()) as Record<string, unknown>;
    },
    async retrieveMultipleRecords(entityType: string, options = ''): Promise<{ entities: Record<string, unknown>[] }> {
      const body = (await (await call('GET', `${ROOT}${setOf(entityType)}${options}`, { headers: annotations })).json()) as {
        value: Record<string, unknown>[];
      };
      return { entities: body.value };
    },
    async updateRecord(entityType: string, id: string, data: Record<string, unknown>): Promise<{ id: string; entityType: string }> {
      await call('PATCH', `${ROOT}${setOf(entityType)}(${id})`, {
        headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
        body: JSON.stringify(data),
      });
      return { id, entityType };
    },
  };
}

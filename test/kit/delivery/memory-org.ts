/**
 * An in-memory DataverseOrg for unit tests of the delivery worker: rows by entity set, ids and alternate keys
 * (`name='x',_lookup_value=guid`), `@odata.bind` resolution (stored as `_<navigation>_value`, lower-case),
 * ETags, create-only and update-only upserts, `$filter` with eq/and/or/parentheses, and change sets that roll
 * back as a whole with Dataverse's status and code. Every call is recorded; `failWith` injects errors.
 */
import { randomUUID } from 'node:crypto';
import { DataverseError } from '../../../functions/src/dataverse/errors.js';
import type { DataverseOrg, QueryOptions, Row, RowKey, WhoAmI, WriteOperation, WriteOutcome } from '../../../functions/src/dataverse/types.js';
import { GUID_PATTERN as GUID } from '../../../functions/src/kernel/guid.js';

interface Stored {
  id: string;
  version: number;
  values: Record<string, unknown>;
}

export type OrgCall =
  | { op: 'retrieve' | 'retrieveMultiple' | 'create' | 'update' | 'upsert' | 'delete'; entitySet: string; detail?: unknown }
  | { op: 'batch'; changeSets: WriteOperation[][] };

const primaryId = (set: string) => `${set.replace(/s$/, '')}id`;
const duplicate = () => new DataverseError('conflict', 412, '0x80040237', 'A record with matching key values already exists.');
const stale = () => new DataverseError('conflict', 412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
const missing = (set: string) => new DataverseError('not-found', 404, '0x80060891', `A record with the specified key values does not exist in ${set} entity`);

export class MemoryOrg implements DataverseOrg {
  readonly environmentUrl: string;
  readonly calls: OrgCall[] = [];
  #tables = new Map<string, Map<string, Stored>>();
  #version = 1;
  /** Called before every request (a whole batch counts as one); throw to fail it. */
  failWith: ((call: OrgCall) => void) | undefined;

  constructor(name = 'contoso') {
    this.environmentUrl = `https://${name}.crm.dynamics.com`;
  }

  rows(entitySet: string): Row[] {
    return [...this.#table(entitySet).values()].map((r) => this.#represent(entitySet, r));
  }

  insert(entitySet: string, values: Record<string, unknown>, id: string = randomUUID()): string {
    this.#table(entitySet).set(id, { id, version: this.#version++, values: this.#resolveBinds(values) });
    return id;
  }

  async whoAmI(): Promise<WhoAmI> {
    return { userId: randomUUID(), businessUnitId: randomUUID(), organizationId: randomUUID() };
  }

  async retrieve(entitySet: string, key: RowKey, select?: string[]): Promise<Row | undefined> {
    this.#call({ op: 'retrieve', entitySet, detail: key });
    const row = this.#find(entitySet, key);
    return row && this.#represent(entitySet, row, select);
  }

  async retrieveMultiple(entitySet: string, options: QueryOptions = {}): Promise<Row[]> {
    this.#call({ op: 'retrieveMultiple', entitySet, detail: options });
    const test = options.filter ? parseFilter(options.filter) : () => true;
    const rows = [...this.#table(entitySet).values()].map((r) => this.#represent(entitySet, r)).filter(test);
    return rows.slice(0, options.top ?? rows.length).map((r) => pick(r, options.select));
  }

  async create(entitySet: string, data: Row): Promise<string> {
    this.#call({ op: 'create', entitySet, detail: data });
    return this.#apply({ kind: 'create', entitySet, data }).id as string;
  }

  async update(entitySet: string, key: RowKey, data: Row, ifMatch?: string): Promise<boolean> {
    this.#call({ op: 'update', entitySet, detail: data });
    try {
      this.#apply({ kind: 'upsert', entitySet, key, data, ifMatch: ifMatch ?? '*' });
      return true;
    } catch (err) {
      if (err instanceof DataverseError && err.code === '0x80060882') return false;
      throw err;
    }
  }

  async upsert(entitySet: string, key: RowKey, data: Row, options: { ifNoneMatch?: boolean } = {}): Promise<{ id?: string; exists?: boolean }> {
    this.#call({ op: 'upsert', entitySet, detail: data });
    try {
      return { id: this.#apply({ kind: 'upsert', entitySet, key, data, ...options }).id as string };
    } catch (err) {
      if (options.ifNoneMatch && err instanceof DataverseError && err.code === '0x80040237') return { exists: true };
      throw err;
    }
  }

  async delete(entitySet: string, key: RowKey): Promise<boolean> {
    this.#call({ op: 'delete', entitySet, detail: key });
    const row = this.#find(entitySet, key);
    if (!row) return false;
    this.#table(entitySet).delete(row.id);
    return true;
  }

  /** What the gateway's submit does for one change set, without the company of others. */
  async submit(changeSet: WriteOperation[]): Promise<WriteOutcome[]> {
    return (await this.batch([changeSet]))[0] ?? [];
  }

  /**
   * Change sets run in order, each all or nothing, answered like the gateway does: a failed change set's failing
   * operation carries the error and the others `RolledBack`; a lone create-only upsert that finds its row is
   * `{ ok: true, exists: true }` (the gateway sends a change set of one as a plain request).
   */
  async batch(changeSets: WriteOperation[][]): Promise<WriteOutcome[][]> {
    this.#call({ op: 'batch', changeSets: structuredClone(changeSets) });
    return changeSets.map((ops) => {
      const snapshot = new Map([...this.#tables].map(([k, t]) => [k, new Map(t)]));
      let failed = 0;
      try {
        return ops.map((op, i): WriteOutcome => {
          failed = i;
          const { id } = this.#apply(op);
          const stored = op.kind === 'upsert' && op.select ? this.#table(op.entitySet).get(id) : undefined;
          return stored && op.kind === 'upsert' ? { ok: true, id, row: this.#represent(op.entitySet, stored, op.select) } : { ok: true, id };
        });
      } catch (err) {
        this.#tables = snapshot;
        if (!(err instanceof DataverseError)) throw err;
        const only = ops[0];
        if (ops.length === 1 && only?.kind === 'upsert' && only.ifNoneMatch && err.code === '0x80040237') return [{ ok: true, exists: true }];
        const cause = err.info();
        return ops.map((_, i): WriteOutcome => ({
          ok: false,
          error: i === failed ? cause : { ...cause, code: 'RolledBack', message: `operation ${failed + 1} failed` },
        }));
      }
    });
  }

  #call(call: OrgCall): void {
    this.calls.push(call);
    this.failWith?.(call);
  }

  #apply(op: WriteOperation): { id: string } {
    const table = this.#table(op.entitySet);
    if (op.kind !== 'create' && op.kind !== 'upsert') throw new Error(`${op.kind} in batch not used`);
    const values = this.#resolveBinds(op.data);
    if (op.kind === 'create') {
      const id = randomUUID();
      table.set(id, { id, version: this.#version++, values });
      return { id };
    }
    const existing = this.#find(op.entitySet, op.key);
    if (op.ifNoneMatch && existing) throw duplicate();
    if (op.ifMatch && !existing) throw missing(op.entitySet);
    if (existing) {
      if (op.ifMatch && op.ifMatch !== '*' && op.ifMatch !== `W/"${existing.version}"`) throw stale();
      table.set(existing.id, { id: existing.id, version: this.#version++, values: { ...existing.values, ...values } });
      return { id: existing.id };
    }
    const id = GUID.test(op.key) ? op.key : randomUUID();
    table.set(id, { id, version: this.#version++, values: { ...(GUID.test(op.key) ? {} : parseKey(op.key)), ...values } });
    return { id };
  }

  #resolveBinds(data: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      if (!k.endsWith('@odata.bind')) {
        out[k] = v;
        continue;
      }
      const m = /^\/?([a-z_]+)\((.*)\)$/i.exec(String(v));
      const target = m && this.#find(m[1] ?? '', m[2] ?? '');
      if (!m || !target) throw new DataverseError('not-found', 404, '0x80040217', `bound row ${String(v)} does not exist`);
      out[`_${k.slice(0, -'@odata.bind'.length).toLowerCase()}_value`] = target.id;
    }
    return out;
  }

  #find(entitySet: string, key: string): Stored | undefined {
    const table = this.#table(entitySet);
    if (GUID.test(key)) return table.get(key);
    const wanted = parseKey(key);
    return [...table.values()].find((r) => Object.entries(wanted).every(([k, v]) => same(r.values[k], v)));
  }

  #table(entitySet: string): Map<string, Stored> {
    let t = this.#tables.get(entitySet);
    if (!t) this.#tables.set(entitySet, (t = new Map()));
    return t;
  }

  #represent(entitySet: string, r: Stored, select?: string[]): Row {
    return pick({ ...r.values, [primaryId(entitySet)]: r.id, '@odata.etag': `W/"${r.version}"` }, select);
  }
}

/** Dataverse compares text ignoring case. */
const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

function pick(row: Row, select?: string[]): Row {
  if (!select) return row;
  const out: Row = { '@odata.etag': row['@odata.etag'] };
  for (const s of select) if (s in row) out[s] = row[s];
  return out;
}

function literal(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  return GUID.test(t) ? t : Number(t);
}

function parseKey(key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of key.matchAll(/([A-Za-z_]+)=('(?:[^']|'')*'|[^,]+)/g)) out[m[1] ?? ''] = literal(m[2] ?? '');
  return out;
}

/** eq / and / or / parentheses: enough for the worker's own queries. */
function parseFilter(text: string): (row: Row) => boolean {
  const tokens = text.match(/\(|\)|'(?:[^']|'')*'|[^\s()]+/g) ?? [];
  let i = 0;
  const expr = (): ((r: Row) => boolean) => {
    let left = term();
    while (tokens[i] === 'or') {
      i++;
      const l = left,
        r = term();
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  const term = (): ((r: Row) => boolean) => {
    let left = factor();
    while (tokens[i] === 'and') {
      i++;
      const l = left,
        r = factor();
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const factor = (): ((r: Row) => boolean) => {
    if (tokens[i] === '(') {
      i++;
      const inner = expr();
      i++; // ')'
      return inner;
    }
    const [name = '', op, value = ''] = [tokens[i++], tokens[i++], tokens[i++]];
    if (op !== 'eq') throw new DataverseError('invalid', 400, '0x0', `unsupported operator ${String(op)}`);
    const want = literal(value);
    return (row) => same(row[name] ?? null, want);
  };
  return expr();
}

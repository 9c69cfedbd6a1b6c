/**
 * One customer's environment, reached with that customer's own application user: single requests through
 * dynamics-web-api 2, `$batch` through batch/run.ts, all of them paced (pacer.ts) with 429 retries (throttle.ts).
 *
 * dynamics-web-api runs with `propagateErrors: true`, so a 412 rejects like any other error instead of coming back
 * as `false` (update with a stale ETag) or `null` (create-only upsert that found the row); the two cases are
 * recognised here from the status. Dates the library revives into Date objects are turned back into the Web API's
 * strings, and its `oDataContext` is dropped, so rows look the same as the Web API sends them.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 */
import { DynamicsWebApi } from 'dynamics-web-api';
import { DataverseError } from './errors.js';
import { keySegment } from './keys.js';
import { runBatch } from './batch/run.js';
import { ChangeSetSubmitter } from './batch/submitter.js';
import type { ExecutionBudget } from './budget.js';
import type { DownloadedFile } from './files.js';
import { paced, type PacedContext } from './throttle.js';
import type { FetchLike } from './token/network.js';
import type { TokenProvider } from './token/token-provider.js';
import type { DataverseOrg, DataverseRelations, OrgCredentials, QueryOptions, Row, RowKey, WhoAmI, WriteOperation, WriteOutcome } from './types.js';
import { isDuplicateKey, webApiError } from './web-api-errors.js';

export interface OrgClientDeps {
  /** `environmentUrl` is the origin the gateway already checked against its allow list. */
  credentials: OrgCredentials;
  tokens: TokenProvider;
  pacing: Omit<PacedContext, 'host'>;
  fetch: FetchLike;
  timeoutMs: number;
  maxBatchOperations: number;
  /** The org's execution-time budget (shared by every client of the same org and application user). */
  budget: ExecutionBudget;
  /** How long a lone change set waits for company before its `$batch` leaves (default 5 ms). */
  batchDelayMs?: number;
  sleep: (ms: number) => Promise<void>;
}

/** Dataverse's largest page (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results). */
const MAX_PAGE_SIZE = 5000;

/** The Web API's own form of a date-time (dynamics-web-api turns `…T…Z` strings into Date objects). */
function normalize(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'oDataContext') continue;
    out[k] = v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v;
  }
  return out;
}

export class OrgClient implements DataverseOrg, DataverseRelations {
  readonly environmentUrl: string;
  private readonly api: DynamicsWebApi;
  private readonly ctx: PacedContext;
  private readonly submitter: ChangeSetSubmitter;

  constructor(private readonly deps: OrgClientDeps) {
    this.environmentUrl = `${deps.credentials.environmentUrl.replace(/\/+$/, '')}/`;
    this.ctx = { ...deps.pacing, host: new URL(this.environmentUrl).host };
    this.api = new DynamicsWebApi({
      serverUrl: this.environmentUrl,
      dataApi: { version: '9.2' },
      onTokenRefresh: () => deps.tokens.getToken(deps.credentials),
      propagateErrors: true,
      timeout: deps.timeoutMs,
    });
    this.submitter = new ChangeSetSubmitter((sets) => this.batch(sets), {
      maxOperations: deps.maxBatchOperations,
      maxDelayMs: deps.batchDelayMs ?? 5,
      maxInFlight: 1,
      waitFor: (operations) => deps.budget.waitFor(deps.budget.estimate(operations)),
      affordable: () => deps.budget.affordable(),
      sleep: deps.sleep,
    });
  }

  submit(changeSet: WriteOperation[]): Promise<WriteOutcome[]> {
    return this.submitter.submit(changeSet);
  }

  private call<T>(send: () => Promise<T>): Promise<T> {
    return paced(this.ctx, send, (e) => webApiError(this.ctx.host, e, this.ctx.clock()));
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami */
  async whoAmI(): Promise<WhoAmI> {
    const r = await this.call(() => this.api.callFunction<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>({ name: 'WhoAmI' }));
    return { userId: r.UserId, businessUnitId: r.BusinessUnitId, organizationId: r.OrganizationId };
  }

  async retrieve(entitySet: string, key: RowKey, select?: string[]): Promise<Row | undefined> {
    try {
      const row = await this.call(() => this.api.retrieve<Record<string, unknown>>({ collection: entitySet, key: keySegment(key), ...(select && { select }) }));
      return normalize(row);
    } catch (e) {
      if (e instanceof DataverseError && e.kind === 'not-found' && e.status === 404) return undefined;
      throw e;
    }
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview */
  async retrieveMultiple(entitySet: string, options: QueryOptions = {}): Promise<Row[]> {
    const pageSize = options.pageSize ?? (options.maxRows ? Math.min(options.maxRows, MAX_PAGE_SIZE) : undefined);
    const request = {
      collection: entitySet,
      ...(options.select && { select: options.select }),
      ...(options.filter && { filter: options.filter }),
      ...(options.orderBy && { orderBy: options.orderBy }),
      ...(options.top !== undefined && { top: options.top }),
      ...(pageSize !== undefined && { maxPageSize: pageSize }),
      ...(options.expand && { expand: options.expand.map((e) => ({ property: e.property, ...(e.select && { select: e.select }) })) }),
      ...(options.apply && { apply: options.apply }),
    };
    const rows: Row[] = [];
    let next: string | undefined;
    do {
      const link = next;
      await this.roomForOneOperation();
      const page = await this.call(() => this.api.retrieveMultiple<Record<string, unknown>>(request, link));
      rows.push(...page.value.map(normalize));
      next = page.oDataNextLink;
    } while (next && options.maxRows !== undefined && rows.length < options.maxRows);
    return options.maxRows === undefined ? rows : rows.slice(0, options.maxRows);
  }

  /**
   * A query waits until the execution-time budget has room for one operation: after `$batch` requests spent it all
   * (submit sends what the budget allows), a query sent at once draws a 429 whose Retry-After pauses the whole org.
   */
  private async roomForOneOperation(): Promise<void> {
    const wait = this.deps.budget.waitFor(Math.max(1, this.deps.budget.estimate(1)));
    if (wait > 0) await this.deps.sleep(wait);
  }

  async create(entitySet: string, data: Row): Promise<string> {
    const id = await this.call(() => this.api.create<Row, string>({ collection: entitySet, data }));
    if (typeof id !== 'string') throw new DataverseError('transient', 0, 'NoEntityId', `Dataverse created a row in ${entitySet} without saying its id.`);
    return id;
  }

  async update(entitySet: string, key: RowKey, data: Row, ifMatch?: string): Promise<boolean> {
    try {
      const done = await this.call(() =>
        this.api.update<Row, boolean>({ collection: entitySet, key: keySegment(key), data, ...(ifMatch !== undefined && { ifmatch: ifMatch }) }),
      );
      return done !== false;
    } catch (e) {
      if (ifMatch !== undefined && e instanceof DataverseError && e.status === 412) return false;
      throw e;
    }
  }

  async upsert(entitySet: string, key: RowKey, data: Row, options: { ifNoneMatch?: boolean } = {}): Promise<{ id?: string; exists?: boolean }> {
    try {
      const id = await this.call(() =>
        this.api.upsert<Row, string | null>({ collection: entitySet, key: keySegment(key), data, ...(options.ifNoneMatch && { ifnonematch: '*' }) }),
      );
      if (id === null) return { exists: true };
      return typeof id === 'string' ? { id } : {};
    } catch (e) {
      // 412 means "the keyed row exists" only for the key asked for; 0x80060892 is another row's key (nothing written).
      if (options.ifNoneMatch && e instanceof DataverseError && e.status === 412 && !isDuplicateKey(e)) return { exists: true };
      throw e;
    }
  }

  async delete(entitySet: string, key: RowKey): Promise<boolean> {
    try {
      await this.call(() => this.api.deleteRecord({ collection: entitySet, key: keySegment(key) }));
      return true;
    } catch (e) {
      if (e instanceof DataverseError && e.kind === 'not-found' && e.status === 404) return false;
      throw e;
    }
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#add-a-reference-to-a-collection-valued-navigation-property */
  async associate(entitySet: string, id: string, navigation: string, relatedSet: string, relatedId: string): Promise<'associated' | 'exists'> {
    try {
      await this.call(() =>
        this.api.associate({ collection: entitySet, primaryKey: id, relationshipName: navigation, relatedCollection: relatedSet, relatedKey: relatedId }),
      );
      return 'associated';
    } catch (e) {
      if (e instanceof DataverseError && e.status === 412 && e.code.toLowerCase() === '0x80040237') return 'exists';
      throw e;
    }
  }

  /** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#remove-a-reference-to-an-entity */
  async disassociate(entitySet: string, id: string, navigation: string, relatedId: string): Promise<void> {
    await this.call(() => this.api.disassociate({ collection: entitySet, primaryKey: id, relationshipName: navigation, relatedKey: relatedId }));
  }

  /**
   * A file column's content (DataverseFiles, files.ts), in the ranges downloadFile asks for.
   * https://learn.microsoft.com/power-apps/developer/data-platform/file-column-data#download-files
   */
  async downloadFile(entitySet: string, id: string, column: string): Promise<DownloadedFile | undefined> {
    // A file column reads as its file id, null when empty: only then is there something to download.
    const row = await this.retrieve(entitySet, id, [column]);
    if (!row || row[column] === null || row[column] === undefined) return undefined;
    try {
      const file = await this.call(() => this.api.downloadFile({ collection: entitySet, key: keySegment(id), property: column }));
      if (!file?.data || !file.fileName) return undefined;
      return { name: file.fileName, bytes: new Uint8Array(file.data) };
    } catch (err) {
      if (err instanceof DataverseError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  /** `GET <set>(<id>)/<navigation>`, following @odata.nextLink. */
  async related(entitySet: string, id: string, navigation: string, select?: string[]): Promise<Row[]> {
    return this.allPages({ collection: `${entitySet}(${keySegment(id)})/${navigation}`, ...(select && { select }), maxPageSize: MAX_PAGE_SIZE });
  }

  /** `GET <set>?savedQuery=<id>`: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-and-execute-predefined-queries#predefined-queries */
  async savedQuery(entitySet: string, savedQueryId: string): Promise<Row[]> {
    type Page = { value?: Record<string, unknown>[]; oDataNextLink?: string };
    const first = await this.call(() => this.api.retrieve<Page>({ collection: entitySet, savedQuery: savedQueryId }));
    const rows = (first.value ?? []).map(normalize);
    if (first.oDataNextLink) rows.push(...(await this.allPages({ collection: entitySet, maxPageSize: MAX_PAGE_SIZE }, first.oDataNextLink)));
    return rows;
  }

  private async allPages(request: { collection: string; select?: string[]; maxPageSize: number }, from?: string): Promise<Row[]> {
    const rows: Row[] = [];
    let next: string | undefined = from;
    do {
      const link = next;
      const page = await this.call(() => this.api.retrieveMultiple<Record<string, unknown>>(request, link));
      rows.push(...page.value.map(normalize));
      next = page.oDataNextLink;
    } while (next);
    return rows;
  }

  batch(changeSets: WriteOperation[][]): Promise<WriteOutcome[][]> {
    return runBatch(
      {
        serviceRoot: `${this.environmentUrl}api/data/v9.2/`,
        host: this.ctx.host,
        token: () => this.deps.tokens.getToken(this.deps.credentials),
        fetch: this.deps.fetch,
        clock: this.ctx.clock,
        timeoutMs: this.deps.timeoutMs,
        maxOperations: this.deps.maxBatchOperations,
        observe: (headers, operations) => this.deps.budget.observe(headers, operations),
        paced: (send, toError) => paced(this.ctx, send, toError),
      },
      changeSets,
    );
  }
}

/**
 * One Dataverse org behind a plain node:http server: outage → bearer token → application user → service
 * protection → the Web API (or $batch) → webhooks. Tenancy is one instance per org: start two emulators for two
 * customers; each has its own rows, application users and token audience.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SchemaModel } from '../../../solution/src/model.js';
import { authenticate, mintToken, type ApplicationUser, type TokenVerifier } from './auth.js';
import { DataverseError, notMemberOfOrganization } from './errors.js';
import { DEFAULT_LIMITS, ServiceProtection, type Limits } from './limits.js';
import { Metadata } from './metadata.js';
import { seedApplicationUser, seedOrg } from './seed.js';
import { Store } from './store.js';
import { KeyIndexes, type KeyActivationOptions } from './keys.js';
import { accessOf, type RoleAccess, type SecurityCatalog } from './security/roles.js';
import { RoleRows } from './security/role-rows.js';
import { route } from './api/router.js';
import { BYPASS_STEP_IDS_LIMIT } from './api/bypass.js';
import type { ApiRequest, ApiResponse, Caller, OrgInfo, Scope } from './api/types.js';
import { executeBatch } from './batch/execute.js';
import { AGGREGATE_RECORD_LIMIT } from './api/aggregate.js';
import { WebhookDispatcher, type WebhookOptions } from './webhooks/dispatcher.js';
import { AadDirectory, type AadApplication } from './aad/directory.js';
import { AadEndpoint } from './aad/endpoint.js';

export interface EmulatorOptions {
  schema: SchemaModel;
  org?: { id?: string; name?: string; tenantId?: string; domain?: string; audiences?: string[] };
  applicationUsers?: ApplicationUser[];
  /** Applications registered in Entra ID that are not application users of this org. */
  aadApplications?: AadApplication[];
  tokens?: { verifier?: TokenVerifier; lifetimeSeconds?: number };
  limits?: Partial<Limits>;
  latencyMs?: number;
  clock?: () => number;
  webhooks?: WebhookOptions;
  /** Alternate keys pending (not usable, not enforced) for a while after start, as after an import. */
  keys?: KeyActivationOptions;
  /** The roles and field security profiles application users' `roles` name (index.ts loads the shipped ones). */
  security?: SecurityCatalog;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  clientId?: string;
  /** Error code for failures, e.g. 0x80072322. */
  code?: string;
  /** Execution time charged to the application user (admitted requests only), and the operations it ran. */
  executionMs?: number;
  reads?: number;
  writes?: number;
}

type Outage = { status: number; remaining?: number } | undefined;

export class Org {
  readonly meta: Metadata;
  readonly store = new Store();
  readonly keys: KeyIndexes;
  readonly info: OrgInfo;
  readonly tenantId: string;
  readonly users = new Map<string, Required<Pick<ApplicationUser, 'clientId' | 'systemUserId' | 'name'>> & ApplicationUser & { access?: RoleAccess }>();
  readonly protection: ServiceProtection;
  readonly webhooks: WebhookDispatcher;
  readonly files = new Map<string, { name: string; data: Buffer }>();
  /** The fake Entra ID at /aad: the tenants and applications that can get tokens (see aad/). */
  readonly directory: AadDirectory;
  readonly aad: AadEndpoint;
  readonly uploads: Scope['uploads'] = new Map();
  readonly log: RequestLogEntry[] = [];
  /** Role rows and who holds them (security/role-rows.ts). */
  readonly roles: RoleRows;
  latencyMs: number;
  /** AggregateQueryRecordLimit (api/aggregate.ts); lower it to test counting in ranges without 50,000 rows. */
  aggregateRecordLimit = AGGREGATE_RECORD_LIMIT;
  bypassStepIdsLimit = BYPASS_STEP_IDS_LIMIT;
  outage: Outage;
  url = '';
  private server?: Server;

  constructor(readonly options: EmulatorOptions) {
    const now = options.clock ?? Date.now;
    this.meta = new Metadata(options.schema);
    this.keys = new KeyIndexes(this.meta, this.store, now, options.keys);
    this.store.keyEnforced = (table, keyName) => this.keys.enforced(table, keyName);
    // Pairings are found by either row's id through an index, as Dataverse's intersect tables are.
    for (const table of this.meta.tables.values()) {
      for (const a of table.associations.values()) this.store.indexColumn(this.meta.table(a.intersect), a.ownColumn);
    }
    this.tenantId = options.org?.tenantId ?? randomUUID();
    this.info = { id: options.org?.id ?? randomUUID(), name: options.org?.name ?? 'emulator', businessUnitId: randomUUID(), domain: options.org?.domain ?? '' };
    this.protection = new ServiceProtection({ ...DEFAULT_LIMITS, ...options.limits }, now);
    this.webhooks = new WebhookDispatcher(this.meta, this.store, this.info, now, options.webhooks);
    this.latencyMs = options.latencyMs ?? 0;
    this.directory = new AadDirectory(this.tenantId);
    this.aad = new AadEndpoint(this.directory, {
      now: () => this.now(),
      lifetimeSeconds: () => options.tokens?.lifetimeSeconds ?? 3600,
      baseUrl: () => this.url,
    });
    seedOrg(this.meta, this.store, this.info);
    this.roles = new RoleRows(this.meta, this.store, this.info, options.security ?? { roles: [], fieldSecurityProfiles: [] });
    for (const u of options.applicationUsers ?? []) this.addUser(u);
    for (const app of options.aadApplications ?? []) this.directory.register(app);
  }

  now(): number {
    return (this.options.clock ?? Date.now)();
  }

  addUser(user: ApplicationUser): string {
    const systemUserId = user.systemUserId ?? randomUUID();
    const access = user.roles ? accessOf(this.options.security ?? { roles: [], fieldSecurityProfiles: [] }, user.roles, user.fieldSecurityProfiles) : undefined;
    const full = { ...user, systemUserId, name: user.name ?? `# ${user.clientId}`, ...(access && { access }) };
    this.users.set(user.clientId.toLowerCase(), full);
    this.directory.register({ clientId: user.clientId, tenantId: user.tenantId, clientSecret: user.clientSecret });
    seedApplicationUser(this.meta, this.store, this.info, { systemUserId, clientId: user.clientId, name: full.name });
    // Its roles as rows (systemuserroles); without roles and without a privilege list it is a System Administrator.
    if (user.roles) this.roles.assign(systemUserId, user.roles);
    else if (user.privileges === undefined || user.privileges === 'all') this.roles.assign(systemUserId, 'system-administrator');
    return systemUserId;
  }

  /**
   * A user disabled or enabled by the platform (in Dataverse: by Entra ID's sync or an admin in the admin center), as
   * an Update of systemuser's isdisabled that raises the Update steps filtered on it.
   */
  async setUserDisabled(systemUserId: string, disabled: boolean): Promise<void> {
    const table = this.meta.table('systemuser');
    const row = this.store.get(table, systemUserId);
    if (!row) throw new Error(`No systemuser ${systemUserId}`);
    const at = this.now();
    this.store.put(table, { id: row.id, version: this.store.nextVersion(), values: { ...row.values, isdisabled: disabled } });
    await this.webhooks.dispatch([{ message: 'Update', table: 'systemuser', id: row.id, attributes: { isdisabled: disabled }, userId: row.id, at }]);
  }

  /** A team holding roles, with members (security/role-rows.ts). */
  addTeam(team: { name: string; roles: string[] | 'system-administrator'; members: string[]; teamType?: number }): string {
    return this.roles.addTeam(team, this.info.businessUnitId);
  }

  serviceRoot(): string {
    return `${this.url}api/data/v9.2/`;
  }

  scope(caller: Caller): Scope {
    return {
      meta: this.meta,
      store: this.store,
      org: this.info,
      now: () => this.now(),
      serviceRoot: this.serviceRoot(),
      caller,
      keys: this.keys,
      events: [],
      contentIds: new Map(),
      files: this.files,
      uploads: this.uploads,
      aggregateRecordLimit: this.aggregateRecordLimit,
      bypassStepIdsLimit: this.bypassStepIdsLimit,
    };
  }

  token(opts: { clientId: string; tenantId?: string; lifetimeSeconds?: number; audience?: string }): string {
    return mintToken({
      audience: opts.audience ?? this.url.replace(/\/$/, ''),
      clientId: opts.clientId,
      tenantId: opts.tenantId ?? this.tenantId,
      nowSeconds: Math.floor(this.now() / 1000),
      lifetimeSeconds: opts.lifetimeSeconds ?? this.options.tokens?.lifetimeSeconds ?? 3600,
    });
  }

  async listen(port: number, host: string): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, resolve);
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
    if (!this.info.domain) this.info.domain = `${host}:${address.port}`;
  }

  async close(): Promise<void> {
    await this.webhooks.idle();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      // Keep-alive sockets of clients would otherwise hold the server open.
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/aad/')) {
      // Entra ID is another service: Dataverse outages, latency, limits and the request log do not apply to it.
      const aad = this.aad.handle(req.method ?? 'GET', url.pathname, await readBody(req));
      res.writeHead(aad.status, aad.headers).end(JSON.stringify(aad.body));
      return;
    }
    const started = this.now();
    const entry: RequestLogEntry = { at: started, method: req.method ?? 'GET', path: url.pathname, status: 0 };
    const body = await readBody(req);
    let response: ApiResponse;
    try {
      response = await this.process(req, url, body, entry);
    } catch (e) {
      const err = e instanceof DataverseError ? e : new DataverseError(500, '0x80040216', e instanceof Error ? e.message : String(e));
      entry.code = err.code;
      response = {
        status: err.status,
        headers: { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0', ...err.headers },
        body: err.toJSON(),
      };
    }
    entry.status = response.status;
    this.log.push(entry);
    const payload =
      response.body === undefined
        ? undefined
        : Buffer.isBuffer(response.body)
          ? response.body
          : Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
    res.writeHead(response.status, { REQ_ID: randomUUID(), ...response.headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) });
    res.end(payload);
  }

  private async process(req: IncomingMessage, url: URL, body: Buffer, entry: RequestLogEntry): Promise<ApiResponse> {
    const m = /^\/api\/data\/v9\.[0-2]\/(.*)$/.exec(url.pathname);
    if (!m) throw new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${url.pathname}'.`);
    if (this.outage) {
      const { status } = this.outage;
      if (this.outage.remaining !== undefined && --this.outage.remaining <= 0) this.outage = undefined;
      throw new DataverseError(status, '', status === 503 ? 'Service Unavailable' : 'The service is temporarily unavailable.');
    }
    const auth = authenticate(req.headers.authorization, [this.url, ...(this.options.org?.audiences ?? [])], this.now(), this.options.tokens?.verifier);
    if (!auth.ok) {
      // Dataverse answers 401 with a WWW-Authenticate challenge naming the authority and the org as resource.
      throw new DataverseError(401, '', `Unauthorized: ${auth.reason}.`, {
        'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${this.tenantId}/oauth2/authorize, resource_id=${this.url}`,
      });
    }
    entry.clientId = auth.clientId;
    const user = this.users.get(auth.clientId.toLowerCase());
    if (!user || (user.tenantId && auth.tenantId && user.tenantId !== auth.tenantId)) throw notMemberOfOrganization();
    const slot = this.protection.acquire(user.clientId);
    const started = Date.now();
    let executionMs: number | undefined;
    try {
      if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
      const privileges = !user.privileges || user.privileges === 'all' ? 'all' : new Set(user.privileges);
      const scope = this.scope({
        systemUserId: user.systemUserId,
        clientId: user.clientId,
        privileges,
        businessUnitId: this.info.businessUnitId,
        ...(user.access && { access: user.access }),
      });
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const api: ApiRequest = { method: req.method ?? 'GET', path: m[1] ?? '', query: url.searchParams, headers, body };
      // Every operation is counted (inside a $batch too, also one that fails) for the modelled execution time.
      const ops = { reads: 0, writes: 0 };
      const counted: typeof route = (s, r) => {
        if (r.method === 'GET') ops.reads++;
        else ops.writes++;
        return route(s, r);
      };
      const isBatch = api.path.replace(/^%24/i, '$') === '$batch' && api.method === 'POST';
      let response: ApiResponse;
      try {
        response = isBatch ? executeBatch(scope, api, counted) : this.store.transaction(() => counted(scope, api));
      } finally {
        executionMs = this.executionTime(ops, Date.now() - started);
        Object.assign(entry, { executionMs, reads: ops.reads, writes: ops.writes });
      }
      await this.webhooks.dispatch(scope.events);
      // What is left after this request, as Dataverse reports it on every response.
      response.headers['x-ms-ratelimit-burst-remaining-xrm-requests'] = String(slot.remainingRequests);
      response.headers['x-ms-ratelimit-time-remaining-xrm-requests'] = String(Math.max(0, slot.remainingTimeMs - executionMs));
      return response;
    } finally {
      slot.release(executionMs ?? Date.now() - started);
    }
  }

  /** The modelled cost of the operations when costs are set, else the wall time spent. */
  private executionTime(ops: { reads: number; writes: number }, wallMs: number): number {
    const costs = this.protection.limits.costs;
    return costs ? ops.reads * costs.readMs + ops.writes * costs.writeMs : wallMs;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

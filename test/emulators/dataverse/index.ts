/**
 * Dataverse Web API emulator: the programmatic entry point. One emulator is one org (see README.md).
 *
 *   const dv = await startDataverseEmulator({ schema });
 *   const api = new DynamicsWebApi({ serverUrl: dv.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.issueToken() });
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SchemaModel } from '../../../solution/src/model.js';
import type { ApplicationUser, TokenVerifier } from './auth.js';
import { Org, type RequestLogEntry } from './emulator.js';
import type { Limits } from './limits.js';
import type { KeyActivationOptions, KeyIndexStatus } from './keys.js';
import { represent } from './values.js';
import { loadShippedSecurity } from './security/shipped.js';
import type { SecurityCatalog } from './security/roles.js';
import { deepInsert } from './api/create.js';
import type { WebhookDelivery, WebhookOptions } from './webhooks/dispatcher.js';
import type { AadApplication } from './aad/directory.js';
import type { AadRequestLogEntry } from './aad/endpoint.js';

export type { KeyActivationOptions, KeyIndexStatus, SecurityCatalog };
export type { ExecutionCosts } from './limits.js';
export { DEFAULT_LIMITS, ratesOf, scaledLimits } from './limits.js';
export type { ApplicationUser, TokenVerifier, Limits, RequestLogEntry, WebhookDelivery, WebhookOptions, AadApplication, AadRequestLogEntry };

export interface DataverseEmulatorOptions {
  /** 0 (default) picks a free port; the sandbox uses 7072. */
  port?: number;
  host?: string;
  /** Defaults to `schema` exported by solution/generated/schema.ts. */
  schema?: SchemaModel;
  org?: {
    id?: string;
    name?: string;
    /** Entra tenant of the org's application users (the `tid` of emulator-issued tokens). */
    tenantId?: string;
    /** Sent as x-ms-dynamics-organization; defaults to host:port. */
    domain?: string;
    /** Extra token audiences accepted besides the emulator URL, e.g. https://contoso.crm.dynamics.com */
    audiences?: string[];
  };
  /** Application users of this org (`clientSecret` lets the fake Entra ID issue their tokens); one with full privileges and a random secret is created when none is given. */
  applicationUsers?: ApplicationUser[];
  /** Applications that exist in Entra ID but are not application users of this org (token issued, Web API answers 403). */
  aadApplications?: AadApplication[];
  tokens?: { verifier?: TokenVerifier; lifetimeSeconds?: number };
  limits?: Partial<Limits>;
  /** Delay added to every Web API request, so that concurrency limits can be reached on loopback. */
  latencyMs?: number;
  clock?: () => number;
  webhooks?: WebhookOptions;
  /**
   * Alternate keys as a fresh import leaves them: Pending for `activationDelayMs` after start (only the keys named in
   * `pending`, or all), answering 400 0x8006088F when used to address a row and enforcing no uniqueness meanwhile.
   */
  keys?: KeyActivationOptions;
  /** Roles and field security profiles that `applicationUsers[].roles` name; default: the ones solution/src ships. */
  security?: SecurityCatalog;
}

export interface DataverseEmulator {
  /** serverUrl for dynamics-web-api, ending in '/'. */
  url: string;
  /** `${url}api/data/v9.2/` */
  serviceRoot: string;
  organizationId: string;
  tenantId: string;
  /** `${url}aad`: the fake Entra ID, for a client's login base override (see README, "Fake Entra ID"). */
  loginBase: string;
  /** The first application user (the one created when `applicationUsers` was not given), with its client secret. */
  defaultUser: { clientId: string; systemUserId: string; clientSecret?: string };
  close(): Promise<void>;
  /** An unsigned access token for a client id (default: the default user) with this org as audience. */
  issueToken(user?: { clientId?: string; tenantId?: string; lifetimeSeconds?: number; audience?: string }): string;
  addApplicationUser(user: ApplicationUser): { systemUserId: string };
  /** Disables (or enables) a user as the platform does: systemuser.isdisabled changes and its Update steps fire. */
  setUserDisabled(systemUserId: string, disabled: boolean): Promise<void>;
  /** A team (an Entra group team unless `teamType` says otherwise) holding these roles (names or solution ids, or System Administrator), with these members; returns its id. */
  addTeam(team: { name: string; roles: string[] | 'system-administrator'; members: string[]; teamType?: number }): string;
  /** Registers an application (or another secret of one) in Entra ID only: it gets tokens but is no user of the org. */
  addAadApplication(app: AadApplication): void;
  /** Token requests the fake Entra ID answered (never secrets or tokens). */
  aadRequestLog(): AadRequestLogEntry[];
  setLimits(limits: Partial<Limits>): void;
  setLatency(ms: number): void;
  /** AggregateQueryRecordLimit: an aggregate over more rows is refused with 0x8004E023 (Dataverse: 50,000). */
  setAggregateRecordLimit(rows: number): void;
  /** The org's limit of step ids per MSCRM.BypassBusinessLogicExecutionStepIds header (Dataverse's default: 3). */
  setBypassStepIdsLimit(ids: number): void;
  /** Simulates Dataverse being down: every Web API request answers `status` (503) until turned off or `requests` have failed. */
  setOutage(on: boolean | { status?: number; requests?: number }): void;
  /** Rows of a table (logical or entity set name) as the Web API returns them, without ETags. */
  rows(table: string): Record<string, unknown>[];
  /** Index status of every alternate key, `<table>.<key>` → Pending | Active | Failed. */
  keyStatus(): Record<string, KeyIndexStatus>;
  /** Finishes every pending key's index job now (Active, or Failed if the rows hold duplicates). */
  activateKeys(): void;
  /** Seeds a row from Web API JSON (`@odata.bind` and deep insert allowed), bypassing tokens, limits, key activation and webhooks; returns its id. */
  insert(table: string, row: Record<string, unknown>): string;
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves when every queued asynchronous webhook delivery (with retries) has finished. */
  webhooksIdle(): Promise<void>;
  requestLog(): RequestLogEntry[];
  /** Requests being processed right now for a client id (default: the default user). */
  inFlight(clientId?: string): number;
  /** The most requests of a client id ever processed at once, to check a client's concurrency cap. */
  peakConcurrency(clientId?: string): number;
}

const GENERATED = fileURLToPath(new URL('../../../solution/generated/schema.ts', import.meta.url));

export async function loadSolutionSchema(): Promise<SchemaModel> {
  if (!existsSync(GENERATED)) throw new Error(`No schema given and ${GENERATED} does not exist yet: run \`npm run generate\` or pass { schema }.`);
  const mod = (await import(pathToFileURL(GENERATED).href)) as { schema?: SchemaModel };
  if (!mod.schema) throw new Error(`${GENERATED} does not export \`schema\`.`);
  return mod.schema;
}

export async function startDataverseEmulator(opts: DataverseEmulatorOptions = {}): Promise<DataverseEmulator> {
  const schema = opts.schema ?? (await loadSolutionSchema());
  const defaultUser = {
    clientId: randomUUID(),
    systemUserId: randomUUID(),
    name: '# Wechat Marketing Relay',
    clientSecret: randomBytes(24).toString('base64url'),
  };
  const users = opts.applicationUsers ?? [defaultUser];
  const org = new Org({
    schema,
    org: opts.org,
    applicationUsers: users,
    aadApplications: opts.aadApplications,
    tokens: opts.tokens,
    limits: opts.limits,
    latencyMs: opts.latencyMs,
    clock: opts.clock,
    webhooks: opts.webhooks,
    keys: opts.keys,
    security: opts.security ?? (await loadShippedSecurity()),
  });
  await org.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  const first = users[0];
  const tableOf = (name: string) =>
    org.meta.tables.get(name) ??
    org.meta.bySet.get(name) ??
    (() => {
      throw new Error(`Unknown table ${name}`);
    })();
  const admin = () =>
    org.scope({
      systemUserId: first ? (org.users.get(first.clientId.toLowerCase())?.systemUserId ?? '') : '',
      clientId: 'seed',
      privileges: 'all',
      system: true,
    });

  return {
    url: org.url,
    serviceRoot: org.serviceRoot(),
    organizationId: org.info.id,
    tenantId: org.tenantId,
    loginBase: `${org.url}aad`,
    defaultUser: {
      clientId: first?.clientId ?? '',
      systemUserId: first ? (org.users.get(first.clientId.toLowerCase())?.systemUserId ?? '') : '',
      clientSecret: first?.clientSecret,
    },
    close: () => org.close(),
    issueToken: (user = {}) => org.token({ ...user, clientId: user.clientId ?? first?.clientId ?? randomUUID() }),
    addApplicationUser: (user) => ({ systemUserId: org.addUser(user) }),
    setUserDisabled: (systemUserId, disabled) => org.setUserDisabled(systemUserId, disabled),
    addTeam: (team) => org.addTeam(team),
    addAadApplication: (app) => org.directory.register(app),
    aadRequestLog: () => [...org.aad.log],
    setLimits: (limits) => Object.assign(org.protection.limits, limits),
    setLatency: (ms) => (org.latencyMs = ms),
    setAggregateRecordLimit: (rows) => (org.aggregateRecordLimit = rows),
    setBypassStepIdsLimit: (ids) => (org.bypassStepIdsLimit = ids),
    setOutage: (on) => (org.outage = on === false ? undefined : on === true ? { status: 503 } : { status: on.status ?? 503, remaining: on.requests }),
    rows: (name) => {
      const table = tableOf(name);
      return org.store.all(table).map((r) => {
        const { '@odata.etag': _etag, ...rest } = represent(org.meta, org.store, table, r);
        return rest;
      });
    },
    keyStatus: () => org.keys.report(),
    activateKeys: () => org.keys.activateAll(),
    insert: (name, row) => {
      return deepInsert(admin(), tableOf(name), row).id;
    },
    webhookDeliveries: () => org.webhooks.deliveries(),
    webhooksIdle: () => org.webhooks.idle(),
    requestLog: () => [...org.log],
    inFlight: (clientId) => org.protection.inFlight(clientId ?? first?.clientId ?? ''),
    peakConcurrency: (clientId) => org.protection.peak(clientId ?? first?.clientId ?? ''),
  };
}

/** Shapes shared by the Web API handlers, the batch executor and the HTTP server. */
import type { Metadata } from '../metadata.js';
import type { KeyIndexes } from '../keys.js';
import type { RoleAccess } from '../security/roles.js';
import type { LookupValue, Store, Value } from '../store.js';

export interface ApiRequest {
  method: string;
  /** Path below the service root, e.g. `wxm_followers(…)/wxm_content`, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON bodies are objects; file downloads are Buffers. */
  body?: unknown;
}

/** The application user a request runs as. */
export interface Caller {
  systemUserId: string;
  clientId: string;
  /** `all`, or privilege names such as `prvCreatewxm_message`. */
  privileges: 'all' | ReadonlySet<string>;
  /** Seeding by the test itself: no privilege checks, platform tables writable. */
  system?: boolean;
  /** The caller's business unit (Local/Deep depth); the org's root unit when absent. */
  businessUnitId?: string;
  /** Security roles and field security profiles: when present they decide, with depth (security/access.ts). */
  access?: RoleAccess;
}

/** A committed row change; webhooks are raised from these. */
export interface RowEvent {
  message: 'Create' | 'Update' | 'Delete' | 'Associate' | 'Disassociate';
  table: string;
  id: string;
  /** Attributes the operation set (Create: all of them; Update: the changed ones). */
  attributes: Record<string, Value>;
  /** Associate / Disassociate: the N:N relationship's schema name and the rows paired with (or parted from) `id`. */
  relationship?: string;
  related?: LookupValue[];
  userId: string;
  at: number;
  /** Steps the request named in MSCRM.BypassBusinessLogicExecutionStepIds (lower-case ids): not raised for this event. */
  bypassedSteps?: ReadonlySet<string>;
}

export interface OrgInfo {
  id: string;
  name: string;
  businessUnitId: string;
  /** Host name sent as x-ms-dynamics-organization. */
  domain: string;
}

/** Everything a handler needs about the org and the request it serves. */
export interface Scope {
  meta: Metadata;
  store: Store;
  org: OrgInfo;
  now: () => number;
  /** Service root ending in `/api/data/v9.2/`. */
  serviceRoot: string;
  caller: Caller;
  /** Alternate keys and whether their index is built yet (keys.ts). */
  keys: KeyIndexes;
  events: RowEvent[];
  /** Batch change-set Content-ID → entity URL. */
  contentIds: Map<string, string>;
  /** File column contents by file id, and chunked uploads in progress by session token. */
  files: Map<string, { name: string; data: Buffer }>;
  uploads: Map<string, { table: string; rowId: string; column: string; name: string; chunks: Buffer[] }>;
  /** Most rows an aggregate may count (Dataverse: 50,000; api/aggregate.ts). */
  aggregateRecordLimit: number;
  /** Most step ids one request may name in MSCRM.BypassBusinessLogicExecutionStepIds (Dataverse's default: 3; api/bypass.ts). */
  bypassStepIdsLimit: number;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0', ...headers },
  body,
});

export const noContent = (headers: Record<string, string> = {}): ApiResponse => ({ status: 204, headers: { 'OData-Version': '4.0', ...headers } });

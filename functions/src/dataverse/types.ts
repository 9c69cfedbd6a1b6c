/**
 * The Dataverse gateway's contract: generic Web API operations against one customer's environment, through
 * that customer's own application user. Nothing here knows WeChat; the relay's use cases speak these types
 * (with table and column names from solution/generated/schema.ts).
 */

export type DataverseCloud = 'Global' | 'China';

/** The application user a customer registered in a Signed Service. */
export interface OrgCredentials {
  /** https://<org>.crm.dynamics.com (Global) or https://<org>.crm.dynamics.cn (China, 21Vianet). */
  environmentUrl: string;
  cloud: DataverseCloud;
  /** Directory (tenant) id. */
  tenantId: string;
  /** Application (client) id. */
  clientId: string;
  clientSecret: string;
}

export interface WhoAmI {
  userId: string;
  businessUnitId: string;
  organizationId: string;
}

/** A row as the Web API returns it (`@odata.etag` included when present). */
export type Row = Record<string, unknown> & { '@odata.etag'?: string };

export interface QueryOptions {
  select?: string[];
  filter?: string;
  orderBy?: string[];
  top?: number;
  /** Follow @odata.nextLink up to this many rows (default: only the first page). */
  maxRows?: number;
  /** Rows per page (`Prefer: odata.maxpagesize`); default min(maxRows, 5000), or Dataverse's 5000. */
  pageSize?: number;
  /**
   * Related rows over collection-valued navigation properties (`$expand=<nav>($select=…)`), returned as an array
   * under the navigation property's name on each row.
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables#expand-collection-valued-navigation-properties
   */
  expand?: { property: string; select?: string[] }[];
  /**
   * `$apply` (aggregation), e.g. `filter(…)/aggregate(<id> with countdistinct as count)`: the rows are then the
   * aggregate's. Dataverse aggregates at most 50,000 rows (0x8004E023 above that).
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
   */
  apply?: string;
}

/**
 * A key: a row id (GUID) or an alternate key expression, e.g. `wxm_appid='wx…'` or
 * `wxm_openid='o…',_wxm_officialaccountid_value=<guid>`. Build alternate keys with `alternateKey()`.
 */
export type RowKey = string;

/**
 * Steps of the org's plug-in registration (sdkmessageprocessingstep ids) the write does not raise: sent as
 * `MSCRM.BypassBusinessLogicExecutionStepIds` on that operation's own request (a `$batch` part). The application user
 * needs prvBypassCustomBusinessLogic, and an org allows a few ids per request (3 by default); a refusal fails the
 * operation (and its change set): see `isBypassRefused` (web-api-errors.ts).
 * https://learn.microsoft.com/power-apps/developer/data-platform/bypass-custom-business-logic
 */
export interface SkipsSteps {
  bypassSteps?: readonly string[];
}

/** One write, for `batch`. */
export type WriteOperation =
  | ({ kind: 'create'; entitySet: string; data: Row; contentId?: string } & SkipsSteps)
  /** PATCH by key. `ifNoneMatch` makes it create-only; `ifMatch` update-only (an etag or '*'). */
  | ({
      kind: 'upsert';
      entitySet: string;
      key: RowKey;
      data: Row;
      ifMatch?: string;
      ifNoneMatch?: boolean;
      contentId?: string;
      /** The row comes back as written (`Prefer: return=representation`), these columns and its new ETag. */
      select?: string[];
    } & SkipsSteps)
  | ({ kind: 'delete'; entitySet: string; key: RowKey } & SkipsSteps)
  /**
   * Pairs two rows over an N:N navigation property (`POST <set>(<key>)/<nav>/$ref`) or unpairs them (`DELETE
   * <set>(<key>)/<nav>(<related key>)/$ref`). Pairing rows already paired fails with 0x80040237; unpairing rows that
   * are not paired succeeds. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
   */
  | { kind: 'associate' | 'disassociate'; entitySet: string; key: RowKey; navigation: string; relatedSet: string; relatedKey: RowKey };

export type WriteOutcome =
  | { ok: true; id?: string; row?: Row }
  /** create-only upsert found the row: nothing written (not an error: retries and replays land here). */
  | { ok: true; exists: true }
  | { ok: false; error: DataverseErrorInfo };

export interface DataverseErrorInfo {
  status: number;
  /** Dataverse's hex code, e.g. 0x80040237; or an AAD error code such as AADSTS7000215. */
  code: string;
  message: string;
  kind: DataverseErrorKind;
  /** For `throttled`: the wait Dataverse asked for (Retry-After), when it named one. */
  retryAfterSeconds?: number;
}

/**
 * How a caller should react:
 * - `auth`: the credentials are wrong or revoked (AAD refused, 401): fix the Signed Service.
 * - `forbidden`: the application user lacks a role or privilege (403): fix the role.
 * - `not-found`: the row (or the environment) does not exist.
 * - `conflict`: a duplicate key, or an ETag that no longer matches.
 * - `throttled`: 429 even after honouring Retry-After: try later.
 * - `transient`: 5xx, timeouts, the network: try later (messages wait in the queue).
 * - `invalid`: a request Dataverse refuses as malformed (unknown column, wrong type): a bug or a schema
 *   mismatch, retrying cannot help.
 */
export type DataverseErrorKind = 'auth' | 'forbidden' | 'not-found' | 'conflict' | 'throttled' | 'transient' | 'invalid';

/** One customer's environment. Every call uses that customer's own application user. */
export interface DataverseOrg {
  readonly environmentUrl: string;
  whoAmI(): Promise<WhoAmI>;
  retrieve(entitySet: string, key: RowKey, select?: string[]): Promise<Row | undefined>;
  retrieveMultiple(entitySet: string, options?: QueryOptions): Promise<Row[]>;
  create(entitySet: string, data: Row): Promise<string>;
  /** Returns false when `ifMatch` no longer matches (412), true otherwise. */
  update(entitySet: string, key: RowKey, data: Row, ifMatch?: string): Promise<boolean>;
  /** Create-or-update by key; with `ifNoneMatch` create-only (returns { exists: true } when it was there). */
  upsert(entitySet: string, key: RowKey, data: Row, options?: { ifNoneMatch?: boolean }): Promise<{ id?: string; exists?: boolean }>;
  delete(entitySet: string, key: RowKey): Promise<boolean>;
  /**
   * Writes in `$batch` requests of at most 1000 operations. Each inner array is a change set (all or
   * nothing); outcomes come back in the same shape.
   */
  batch(changeSets: WriteOperation[][]): Promise<WriteOutcome[][]>;
  /**
   * One change set (all or nothing), sent with whatever else is being written to this org: the gateway fills
   * `$batch` requests (up to 1000 operations) and paces them by Dataverse's request and execution-time limits.
   * Outcomes come back per operation; nothing throws for Dataverse's answers.
   */
  submit(changeSet: WriteOperation[]): Promise<WriteOutcome[]>;
}

export interface DataverseGateway {
  /** The same credentials give the same (cached) org client and token cache. */
  open(credentials: OrgCredentials): DataverseOrg;
}

/**
 * N:N pairings and saved views, for the use cases that need them (tags and audiences). The gateway's org client
 * implements it besides DataverseOrg; `relationsOf` (relations.ts) gives it for an opened org.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 */
export interface DataverseRelations {
  /** Pairs two rows over a collection-valued navigation property; 'exists' when they were paired already (0x80040237). */
  associate(entitySet: string, id: string, navigation: string, relatedSet: string, relatedId: string): Promise<'associated' | 'exists'>;
  /** Unpairs them; unpairing rows that are not paired succeeds, as in Dataverse. */
  disassociate(entitySet: string, id: string, navigation: string, relatedId: string): Promise<void>;
  /** Every row paired with the row (all pages). */
  related(entitySet: string, id: string, navigation: string, select?: string[]): Promise<Row[]>;
  /** The rows of a saved view (savedquery), executed as this application user (all pages). */
  savedQuery(entitySet: string, savedQueryId: string): Promise<Row[]>;
}

/**
 * Raises webhooks for committed row events. Registrations are ordinary rows — `serviceendpoint` (contract 8) and
 * `sdkmessageprocessingstep` bound to an sdkmessage, an sdkmessagefilter and the endpoint — created through the
 * Web API exactly as in a real org (https://learn.microsoft.com/power-apps/developer/data-platform/register-web-hook).
 * Delivery follows https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks : POST of the
 * RemoteExecutionContext, the x-ms-dynamics-* headers, the endpoint's authentication, a 60 s timeout, and one more
 * attempt only after 502, 503 or 504.
 */
import { randomUUID } from 'node:crypto';
import type { Metadata } from '../metadata.js';
import { isLookup, type Store, type StoredRow, type Value } from '../store.js';
import type { OrgInfo, RowEvent } from '../api/types.js';
import { buildContext, serializeContext, type StepInfo } from './context.js';

export interface WebhookAttempt {
  at: number;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: string;
  stepId: string;
  serviceEndpointId: string;
  /** Endpoint URL with authentication values masked. */
  url: string;
  messageName: string;
  entityName: string;
  primaryEntityId: string;
  mode: 'Synchronous' | 'Asynchronous';
  state: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  /** The RemoteExecutionContext as posted (parsed). */
  context: Record<string, unknown>;
}

export interface WebhookOptions {
  /** Total attempts when the endpoint answers 502/503/504 or cannot be reached (Dataverse: 2). */
  maxAttempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

/** Webhook authentication types (serviceendpoint.authtype). */
const WEBHOOK_KEY = 4;
const HTTP_HEADER = 5;
const HTTP_QUERY_STRING = 6;
const WEBHOOK_CONTRACT = 8;
const SIZE_LIMIT = 256 * 1024;

/** HttpHeader / HttpQueryString values are stored as `<settings><setting name="…" value="…" /></settings>`. */
function settings(authvalue: string): [string, string][] {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...authvalue.matchAll(/<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g)].map((m) => [unescape(m[1] ?? ''), unescape(m[2] ?? '')]);
}

export class WebhookDispatcher {
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly meta: Metadata,
    private readonly store: Store,
    private readonly org: OrgInfo,
    private readonly now: () => number,
    private readonly options: WebhookOptions = {},
  ) {}

  private related(table: string, value: Value | undefined): StoredRow | undefined {
    return isLookup(value) ? this.store.get(this.meta.table(table), value.id) : undefined;
  }

  /** Steps registered for this event, in rank order. */
  private steps(event: RowEvent): { step: StoredRow; endpoint: StoredRow }[] {
    const found: { step: StoredRow; endpoint: StoredRow; rank: number }[] = [];
    for (const step of this.store.all(this.meta.table('sdkmessageprocessingstep'))) {
      const v = step.values;
      if (v.statecode === 1) continue;
      // Named in the request's MSCRM.BypassBusinessLogicExecutionStepIds (api/bypass.ts): not raised for it.
      if (event.bypassedSteps?.has(step.id.toLowerCase())) continue;
      if (this.related('sdkmessage', v.sdkmessageid)?.values.name !== event.message) continue;
      const filter = this.related('sdkmessagefilter', v.sdkmessagefilterid);
      if (filter && filter.values.primaryobjecttypecode !== event.table) continue;
      const endpoint = this.related('serviceendpoint', v.eventhandler);
      if (!endpoint || endpoint.values.contract !== WEBHOOK_CONTRACT) continue;
      const filtering =
        typeof v.filteringattributes === 'string'
          ? v.filteringattributes
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      if (event.message === 'Update' && filtering.length && !filtering.some((a) => a in event.attributes)) continue;
      found.push({ step, endpoint, rank: typeof v.rank === 'number' ? v.rank : 1 });
    }
    return found.sort((a, b) => a.rank - b.rank);
  }

  /** Delivers synchronous steps now and queues asynchronous ones; resolves when the synchronous ones are done. */
  async dispatch(events: RowEvent[]): Promise<void> {
    for (const event of events) {
      const table = this.meta.table(event.table);
      const version = this.store.get(table, event.id)?.version ?? 0;
      const correlationId = randomUUID();
      for (const { step, endpoint } of this.steps(event)) {
        const info: StepInfo = {
          id: step.id,
          name: String(step.values.name ?? ''),
          stage: Number(step.values.stage ?? 40),
          mode: Number(step.values.mode ?? 1),
        };
        const context = buildContext(table, event, version, info, this.org, correlationId);
        const delivery: WebhookDelivery = {
          id: randomUUID(),
          stepId: step.id,
          serviceEndpointId: endpoint.id,
          url: '',
          messageName: event.message,
          // Associate / Disassociate run for no primary table (the context says 'none'; the rows are its inputs).
          entityName: context.PrimaryEntityName as string,
          primaryEntityId: event.id,
          mode: info.mode === 0 ? 'Synchronous' : 'Asynchronous',
          state: 'pending',
          attempts: [],
          context,
        };
        this.log.push(delivery);
        if (info.mode === 0) {
          await this.deliver(delivery, endpoint, correlationId);
          continue;
        }
        // Asynchronous steps run in Dataverse's async service, after the request has been answered.
        const run = new Promise<void>((r) => setImmediate(r)).then(() => this.deliver(delivery, endpoint, correlationId));
        this.pending.add(run);
        void run.finally(() => this.pending.delete(run));
      }
    }
  }

  private async deliver(delivery: WebhookDelivery, endpoint: StoredRow, correlationId: string): Promise<void> {
    const v = endpoint.values;
    const url = new URL(String(v.url ?? ''));
    const masked = new URL(url);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'x-ms-dynamics-organization': this.org.domain,
      'x-ms-dynamics-entity-name': delivery.entityName,
      'x-ms-dynamics-request-name': delivery.messageName,
      'x-ms-correlation-request-id': correlationId,
    };
    const authvalue = String(v.authvalue ?? '');
    if (v.authtype === WEBHOOK_KEY) {
      url.searchParams.set('code', authvalue);
      masked.searchParams.set('code', '***');
    } else if (v.authtype === HTTP_QUERY_STRING) {
      for (const [k, val] of settings(authvalue)) {
        url.searchParams.set(k, val);
        masked.searchParams.set(k, '***');
      }
    } else if (v.authtype === HTTP_HEADER) for (const [k, val] of settings(authvalue)) headers[k] = val;
    delivery.url = masked.toString();
    let body = serializeContext(delivery.context);
    if (Buffer.byteLength(body) > SIZE_LIMIT) {
      const { ParentContext: _p, InputParameters: _i, PreEntityImages: _pre, PostEntityImages: _post, ...rest } = delivery.context;
      body = serializeContext(rest);
      headers['x-ms-dynamics-msg-size-exceeded'] = 'true';
    }
    const maxAttempts = this.options.maxAttempts ?? 2;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const record: WebhookAttempt = { at: this.now() };
      delivery.attempts.push(record);
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
        await res.arrayBuffer();
        record.status = res.status;
        if (res.ok) {
          delivery.state = 'delivered';
          return;
        }
        if (![502, 503, 504].includes(res.status)) break;
      } catch (e) {
        record.error = e instanceof Error ? e.message : String(e);
      }
      if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 100));
    }
    delivery.state = 'failed';
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log];
  }

  /** Resolves once every queued asynchronous delivery has finished (including retries). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

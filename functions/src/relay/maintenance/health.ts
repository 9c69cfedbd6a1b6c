/**
 * Health of the relay, at two levels:
 * - the summary, for anyone (GET /api/health, anonymous): ok / degraded / unavailable and nothing else, from one
 *   storage read (the verify ticket) and one memory read (pending keys), so an anonymous caller can neither learn
 *   ages, ids, queue names or org ids nor make the relay list its registry;
 * - the details, for operators holding the function key (GET /api/health/details): storage, verify-ticket age,
 *   component-token freshness, authorizer counts, queue depths, and the alternate keys deliveries found not active
 *   yet per org.
 * Numbers and ids only: no token, ticket or secret ever appears in either.
 */
import type { PendingKeyReport } from '../delivery/pending-keys.js';
import type { TokenStore, VerifyTicketStore } from '../../wechat/tokens/ports.js';
import type { Clock } from '../../kernel/clock.js';
import type { AuthorizerRegistry } from '../ports/storage.js';

export interface HealthDeps {
  componentAppid: string;
  componentTokenKey: string;
  tickets: VerifyTicketStore;
  tokens: TokenStore;
  authorizers: AuthorizerRegistry;
  queueDepths: () => Promise<Record<string, number>>;
  clock: Clock;
  /** Alternate keys deliveries of this process met not active yet (in memory). */
  pendingKeys?: () => PendingKeyReport[];
}

export type HealthStatus = 'ok' | 'degraded' | 'unavailable';

export interface HealthReport {
  status: HealthStatus;
  storage: 'reachable' | 'unreachable';
  verifyTicket: { ageSeconds: number; usable: boolean } | null;
  componentToken: { expiresInSeconds: number } | null;
  authorizers: { authorized: number; revoked: number };
  queues: Record<string, number>;
  /** Orgs where deliveries wait for an alternate key's index (Dataverse builds it after an import). */
  pendingKeys: PendingKeyReport[];
}

/** What an anonymous caller may know. */
export interface HealthSummary {
  status: HealthStatus;
}

/** A ticket is usable for 12 hours after its push. */
const TICKET_LIFETIME_S = 12 * 3600;

type TicketDeps = Pick<HealthDeps, 'componentAppid' | 'tickets' | 'clock'>;

async function ticketState(deps: TicketDeps): Promise<HealthReport['verifyTicket']> {
  const ticket = await deps.tickets.get(deps.componentAppid);
  if (!ticket) return null;
  const ageSeconds = Math.max(0, Math.round(deps.clock.now() / 1000 - ticket.createTime));
  return { ageSeconds, usable: ageSeconds < TICKET_LIFETIME_S };
}

const statusOf = (ticket: HealthReport['verifyTicket'], pending: PendingKeyReport[]): HealthStatus =>
  ticket?.usable && pending.length === 0 ? 'ok' : 'degraded';

export async function checkHealthSummary(deps: TicketDeps & Pick<HealthDeps, 'pendingKeys'>): Promise<HealthSummary> {
  try {
    return { status: statusOf(await ticketState(deps), deps.pendingKeys?.() ?? []) };
  } catch {
    return { status: 'unavailable' };
  }
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const pendingKeys = deps.pendingKeys?.() ?? [];
  try {
    const now = deps.clock.now();
    const [verifyTicket, token, records, queues] = await Promise.all([
      ticketState(deps),
      deps.tokens.get(deps.componentTokenKey),
      deps.authorizers.list(),
      deps.queueDepths(),
    ]);
    return {
      status: statusOf(verifyTicket, pendingKeys),
      storage: 'reachable',
      verifyTicket,
      componentToken: token ? { expiresInSeconds: Math.round((token.expiresAt - now) / 1000) } : null,
      authorizers: {
        authorized: records.filter((r) => r.status === 'authorized').length,
        revoked: records.filter((r) => r.status === 'unauthorized').length,
      },
      queues,
      pendingKeys,
    };
  } catch {
    return {
      status: 'unavailable',
      storage: 'unreachable',
      verifyTicket: null,
      componentToken: null,
      authorizers: { authorized: 0, revoked: 0 },
      queues: {},
      pendingKeys,
    };
  }
}

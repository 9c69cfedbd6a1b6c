/**
 * GET /api/health: can we reach storage, how old is the verify ticket, how fresh is the component token, how
 * many messages wait. Numbers only: no token, ticket or secret ever appears here.
 */
import type { Clock, TokenStore, VerifyTicketStore } from '../../wechat/tokens/ports.js';
import type { AuthorizerRegistry } from '../ports.js';

export interface HealthDeps {
  componentAppid: string;
  componentTokenKey: string;
  tickets: VerifyTicketStore;
  tokens: TokenStore;
  authorizers: AuthorizerRegistry;
  queueDepths: () => Promise<Record<string, number>>;
  clock: Clock;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  storage: 'reachable' | 'unreachable';
  verifyTicket: { ageSeconds: number; usable: boolean } | null;
  componentToken: { expiresInSeconds: number } | null;
  authorizers: { authorized: number; revoked: number };
  queues: Record<string, number>;
}

/** A ticket is usable for 12 hours after its push. */
const TICKET_LIFETIME_S = 12 * 3600;

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  try {
    const now = deps.clock.now();
    const [ticket, token, records, queues] = await Promise.all([
      deps.tickets.get(deps.componentAppid),
      deps.tokens.get(deps.componentTokenKey),
      deps.authorizers.list(),
      deps.queueDepths(),
    ]);
    const ticketAge = ticket ? Math.max(0, Math.round(now / 1000 - ticket.createTime)) : undefined;
    const verifyTicket = ticketAge === undefined ? null : { ageSeconds: ticketAge, usable: ticketAge < TICKET_LIFETIME_S };
    return {
      status: verifyTicket?.usable ? 'ok' : 'degraded',
      storage: 'reachable',
      verifyTicket,
      componentToken: token ? { expiresInSeconds: Math.round((token.expiresAt - now) / 1000) } : null,
      authorizers: {
        authorized: records.filter((r) => r.status === 'authorized').length,
        revoked: records.filter((r) => r.status === 'unauthorized').length,
      },
      queues,
    };
  } catch {
    return { status: 'unavailable', storage: 'unreachable', verifyTicket: null, componentToken: null, authorizers: { authorized: 0, revoked: 0 }, queues: {} };
  }
}

/**
 * Per-client rate limits on the anonymous routes people call (Start To Use, WeChat's redirect back, the Signed
 * Service status the form polls, health). Not on WeChat's callback routes: WeChat calls those from its own
 * servers at high rate, and their signatures protect them.
 *
 * This is the first line of defence only: each instance keeps its own buckets, in memory, bounded. In Azure,
 * put Front Door (with WAF rate-limit rules) or API Management in front of the Function App for limits shared
 * by every instance, and set RELAY_TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For.
 *
 * A token bucket per client address (client-address.ts): `burst` requests at once, refilled at `perMinute`.
 * The wrapper answers 429 with Retry-After before the handler runs, so a refused request costs no storage read
 * and no WeChat call. The defaults are far above what a person does (an admin opening Start To Use a few
 * times, a form polling six times after a save).
 * Docs: https://www.rfc-editor.org/rfc/rfc6585#section-4 (429), https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
import type { HttpHandler, HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { BoundedMap } from '../support/bounded-map.js';
import { clientAddress } from './client-address.js';

export interface RateLimit {
  /** For logs. */
  route: string;
  /** Requests a client may make at once. */
  burst: number;
  /** Sustained requests per minute per client. */
  perMinute: number;
}

/** Every limit in one place. */
export const RATE_LIMITS = {
  authorize: { route: 'wechat/authorize', burst: 10, perMinute: 30 },
  authorizeCallback: { route: 'wechat/authorize/callback', burst: 10, perMinute: 30 },
  signedServiceStatus: { route: 'signed-services/{org}/{id}/status', burst: 60, perMinute: 120 },
  health: { route: 'health', burst: 30, perMinute: 60 },
} as const satisfies Record<string, RateLimit>;

/** Distinct clients remembered per route; the least recently seen are forgotten first (as a full bucket). */
export const MAX_CLIENTS_PER_ROUTE = 10_000;

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

export interface RateLimitOptions {
  now?: () => number;
  /** Default: the relay's RELAY_TRUSTED_PROXIES setting, read per request. */
  trustedProxies?: () => number;
  /** Default: the relay's RELAY_RATE_LIMIT_SCALE setting (burst and rate multiplied by it), read once. */
  scale?: () => number;
}

export function rateLimited(limit: RateLimit, handler: HttpHandler, options: RateLimitOptions = {}): HttpHandler {
  const now = options.now ?? Date.now;
  const trustedProxies = options.trustedProxies ?? (() => currentRelay().settings.trustedProxies);
  const scaleOf = options.scale ?? (() => currentRelay().settings.rateLimitScale);
  let scaled: { burst: number; perMs: number; buckets: BoundedMap<string, Bucket> } | undefined;
  // Scaled on first use: the settings are not loaded yet when the registrations run.
  const state = () => {
    if (scaled) return scaled;
    const scale = scaleOf();
    const perMs = (limit.perMinute * scale) / 60_000;
    const burst = limit.burst * scale;
    // A bucket left alone this long is full again, which is exactly what a forgotten entry reads as.
    scaled = { burst, perMs, buckets: new BoundedMap<string, Bucket>({ maxEntries: MAX_CLIENTS_PER_ROUTE, ttlMs: Math.ceil(burst / perMs), now }) };
    return scaled;
  };

  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit | HttpResponse> => {
    const { burst, perMs, buckets } = state();
    const client = clientAddress(request, trustedProxies());
    const t = now();
    const previous = buckets.get(client);
    const tokens = previous ? Math.min(burst, previous.tokens + (t - previous.at) * perMs) : burst;
    if (tokens >= 1) {
      buckets.set(client, { tokens: tokens - 1, at: t, warned: false });
      return await handler(request, context);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    if (!previous?.warned) context.warn('rate limit reached; refusing until the client slows down', { route: limit.route, retryAfterSeconds });
    buckets.set(client, { tokens, at: t, warned: true });
    return {
      status: 429,
      body: 'too many requests',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' },
    };
  };
}

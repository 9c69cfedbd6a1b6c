/**
 * Who is calling, for per-client limits. A Functions handler never sees the socket: the platform's front end
 * (App Service's in Azure; the devhost locally, which mirrors it) appends the address it accepted the connection
 * from to `X-Forwarded-For`, as `ip:port`. Every proxy in front of it (Front Door, APIM, Application Gateway) also
 * appends what *it* saw. So the entry a client cannot forge is counted from the right: the last one is the
 * platform's, and with `trustedProxies` = N proxies in front, the client is the (N+1)-th from the right. The
 * leftmost entry is whatever the client chose to send and is never trusted.
 *
 * IPv6 clients are grouped by /64 (one subscriber usually holds a whole /64, so single addresses are free to
 * rotate through).
 * Docs: https://learn.microsoft.com/azure/frontdoor/front-door-http-headers-protocol#from-the-front-door-to-the-backend
 *       https://developer.mozilla.org/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { HttpRequest } from '@azure/functions';

/** Requests without the header (a handler called directly) share this bucket. */
export const UNKNOWN_CLIENT = 'unknown';

export function clientAddress(request: HttpRequest, trustedProxies: number): string {
  const chain = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (chain.length === 0) return UNKNOWN_CLIENT;
  const entry = chain[Math.max(0, chain.length - 1 - trustedProxies)]!;
  return normalize(withoutPort(entry));
}

/** `1.2.3.4:5678` → `1.2.3.4`; `[2001:db8::1]:443` → `2001:db8::1`; a bare IPv6 address stays as it is. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

function normalize(address: string): string {
  if (isIPv4(address)) return address;
  if (isIPv6(address)) {
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
    return mapped ? mapped[1]! : `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  }
  // Not an address (a proxy that writes names, or garbage): still a key, but a bounded one.
  return `other:${address.slice(0, 64).toLowerCase()}`;
}

/** The eight 16-bit groups of an IPv6 address, expanded (`::` filled in, leading zeros dropped). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (right.some((g) => g.includes('.')) || left.some((g) => g.includes('.'))) {
    // An embedded IPv4 tail only ever sits in the last 32 bits, outside the /64 prefix.
    return [...left, ...Array<string>(Math.max(0, 8 - left.length)).fill('0')].slice(0, 8).map(trim);
  }
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map(trim);
}

const trim = (group: string) => group.replace(/^0+(?=.)/, '');

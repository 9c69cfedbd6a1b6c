/**
 * Per-org webhook keys. Every customer's Dataverse posts hints with a key that belongs to that org alone, so a
 * customer admin (who sees the key in the service endpoint they registered) can forge hints about nobody else:
 *
 *   webhookKey(org) = base64url( HMAC-SHA256( HKDF-SHA256(RELAY_SECRET_KEY, info 'wxm webhook key v1'), lowercase org id ) )
 *
 * The relay derives it again from the OrganizationId a hint names and compares in constant time; nothing is
 * stored. Rotating RELAY_SECRET_KEY rotates every org's key (run `npm run register-webhooks` again in each org).
 *
 * It travels as an HTTP header (service endpoint AuthType 5 "Http Header",
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/serviceendpoint), never in a URL.
 * HKDF: RFC 5869 (https://www.rfc-editor.org/rfc/rfc5869); HMAC: RFC 2104.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** The header Dataverse sends the key in (registered by `npm run register-webhooks`). */
export const WEBHOOK_KEY_HEADER = 'x-wxm-webhook-key';
const INFO = 'wxm webhook key v1';

/** The webhook-key root of a relay secret key (32 bytes). Derived once; the relay key itself is never used as-is. */
export function webhookKeyRoot(relaySecretKey: Buffer): Buffer {
  if (relaySecretKey.length !== 32) throw new RangeError('RELAY_SECRET_KEY must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', relaySecretKey, Buffer.alloc(0), INFO, 32));
}

/** The key of one org (its Dataverse organization id, any case). */
export function webhookKeyFor(root: Buffer, organizationId: string): string {
  return createHmac('sha256', root).update(organizationId.trim().toLowerCase(), 'utf8').digest('base64url');
}

export class WebhookKeys {
  private readonly root: Buffer;

  constructor(relaySecretKey: Buffer) {
    this.root = webhookKeyRoot(relaySecretKey);
  }

  keyFor(organizationId: string): string {
    return webhookKeyFor(this.root, organizationId);
  }

  /**
   * True when `presented` is this org's key. Constant time in the key's content: both sides are hashed to the
   * same length first, so neither the length nor a matching prefix shows in the timing.
   */
  verify(organizationId: string, presented: string | null | undefined): boolean {
    if (typeof presented !== 'string' || presented.length === 0 || presented.length > 256) return false;
    const expected = createHash('sha256').update(this.keyFor(organizationId)).digest();
    const given = createHash('sha256').update(presented.trim()).digest();
    return timingSafeEqual(expected, given);
  }
}

/** In-memory ParkedDeliveries (unit tests); same rules as the table one: one copy per dedupe key, oldest first. */
import type { InboundEnvelope } from '../../../../functions/src/relay/envelope.js';
import type { ParkedDeliveries } from '../../../../functions/src/relay/ports/delivery.js';
import { requireKey } from '../../../../functions/src/storage/validate.js';

export class MemoryParkedDeliveries implements ParkedDeliveries {
  readonly #byAccount = new Map<string, Map<string, InboundEnvelope>>();

  async park(envelope: InboundEnvelope): Promise<void> {
    requireKey('authorizer appid', envelope.authorizerAppid);
    requireKey('dedupe key', envelope.dedupeKey);
    let parked = this.#byAccount.get(envelope.authorizerAppid);
    if (!parked) this.#byAccount.set(envelope.authorizerAppid, (parked = new Map()));
    parked.set(envelope.dedupeKey, structuredClone(envelope));
  }

  async peek(authorizerAppid: string): Promise<InboundEnvelope[]> {
    requireKey('authorizer appid', authorizerAppid);
    const parked = [...(this.#byAccount.get(authorizerAppid)?.values() ?? [])];
    return parked.sort((a, b) => a.receivedAt - b.receivedAt).map((e) => structuredClone(e));
  }

  async remove(authorizerAppid: string, dedupeKeys: readonly string[]): Promise<void> {
    requireKey('authorizer appid', authorizerAppid);
    const parked = this.#byAccount.get(authorizerAppid);
    for (const key of dedupeKeys) parked?.delete(key);
  }
}

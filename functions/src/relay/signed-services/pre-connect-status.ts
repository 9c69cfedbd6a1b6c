/**
 * What the status endpoint says about a Signed Service that failed before WhoAmI ever succeeded for it (wrong
 * secret, unknown tenant, a host outside the allow list…). Nothing goes into the registry for such an org: the
 * relay has not proved the org exists or that these credentials belong to it. Only this short-lived status is
 * kept, so the admin's form can still say what to fix.
 *
 * Kept in the shared key-value table with a TTL (not in a per-process BoundedMap): the status endpoint and the
 * task that failed may run on different instances, and every instance must give the same answer. It is bounded
 * because only a caller holding that org's own webhook key can make the relay try (a hint for an invented org
 * is refused with 401 before it is queued), there is one entry per (org, row) that each attempt overwrites, and
 * an entry reads as absent after the TTL.
 */
import type { Clock } from '../../kernel/clock.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { ReasonCode } from './reasons.js';

export interface PreConnectStatus {
  state: 'failed';
  reason: ReasonCode;
  updatedAt: number;
}

export const PRE_CONNECT_STATUS_TTL_MS = 60 * 60 * 1000;

export class PreConnectStatuses {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly clock: Clock,
    private readonly ttlMs = PRE_CONNECT_STATUS_TTL_MS,
  ) {}

  async put(organizationId: string, signedServiceId: string, reason: ReasonCode): Promise<PreConnectStatus> {
    const status: PreConnectStatus = { state: 'failed', reason, updatedAt: this.clock.now() };
    await this.kv.put(key(organizationId, signedServiceId), JSON.stringify(status), status.updatedAt + this.ttlMs);
    return status;
  }

  async get(organizationId: string, signedServiceId: string): Promise<PreConnectStatus | undefined> {
    const value = await this.kv.get(key(organizationId, signedServiceId));
    return value ? (JSON.parse(value) as PreConnectStatus) : undefined;
  }

  async clear(organizationId: string, signedServiceId: string): Promise<void> {
    await this.kv.delete(key(organizationId, signedServiceId));
  }
}

const key = (organizationId: string, signedServiceId: string) => `ssprecheck:${organizationId.toLowerCase()}/${signedServiceId.toLowerCase()}`;

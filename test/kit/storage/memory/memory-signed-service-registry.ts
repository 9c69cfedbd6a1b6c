/** In-memory SignedServiceRegistry, same semantics as the Table one (copies in and out, never shared objects). */
import type { AccountBinding, SignedServiceRecord, SignedServiceRegistry } from '../../../../functions/src/relay/ports/signed-services.js';

export class MemorySignedServiceRegistry implements SignedServiceRegistry {
  readonly #records = new Map<string, SignedServiceRecord>();
  readonly #bindings = new Map<string, AccountBinding>();

  async get(organizationId: string, signedServiceId: string): Promise<SignedServiceRecord | undefined> {
    const r = this.#records.get(key(organizationId, signedServiceId));
    return r && { ...r };
  }

  async listForOrg(organizationId: string): Promise<SignedServiceRecord[]> {
    return [...this.#records.values()].filter((r) => r.organizationId === organizationId.toLowerCase()).map((r) => ({ ...r }));
  }

  async findConnectedByHost(host: string): Promise<SignedServiceRecord[]> {
    return [...this.#records.values()].filter((r) => r.state === 'connected' && hostOf(r.environmentUrl) === host.toLowerCase()).map((r) => ({ ...r }));
  }

  async put(record: SignedServiceRecord): Promise<void> {
    const normal = { ...record, organizationId: record.organizationId.toLowerCase(), signedServiceId: record.signedServiceId.toLowerCase() };
    this.#records.set(key(normal.organizationId, normal.signedServiceId), normal);
  }

  async delete(organizationId: string, signedServiceId: string): Promise<void> {
    this.#records.delete(key(organizationId, signedServiceId));
  }

  async bindingOf(authorizerAppid: string): Promise<AccountBinding | undefined> {
    const b = this.#bindings.get(authorizerAppid);
    return b && { ...b };
  }

  async bind(authorizerAppid: string, binding: AccountBinding): Promise<void> {
    this.#bindings.set(authorizerAppid, lower(binding));
  }

  async unbind(authorizerAppid: string, binding: AccountBinding): Promise<void> {
    const current = this.#bindings.get(authorizerAppid);
    const b = lower(binding);
    if (current && current.organizationId === b.organizationId && current.signedServiceId === b.signedServiceId) {
      this.#bindings.delete(authorizerAppid);
    }
  }
}

const key = (org: string, id: string) => `${org.toLowerCase()}/${id.toLowerCase()}`;
const lower = (b: AccountBinding): AccountBinding => ({
  ...b,
  organizationId: b.organizationId.toLowerCase(),
  signedServiceId: b.signedServiceId.toLowerCase(),
});
const hostOf = (url: string | undefined) => (url ? new URL(url).host.toLowerCase() : '');

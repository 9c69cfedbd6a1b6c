/**
 * The fake Microsoft Entra ID directory: which tenants exist, which applications are registered in each, and
 * their client secrets. An application user of the org is an application here too (with the secret the test
 * gave it); `aadApplications` adds applications that exist in the tenant but were never added to the org, which
 * is how "the application user is missing" looks to a client: the token is issued, then Dataverse answers 403.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface AadApplication {
  /** Application (client) id. */
  clientId: string;
  /** Directory (tenant) id; default: the org's tenant. */
  tenantId?: string;
  /** A client secret value; an application without one is refused with AADSTS7000215 whatever is sent. */
  clientSecret?: string;
}

interface RegisteredApp {
  clientId: string;
  tenantId: string;
  /** SHA-256 of each valid secret: several may be valid at once, as during a rotation in Entra. */
  secrets: Buffer[];
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export class AadDirectory {
  /** Lower-cased tenant id → the id as registered. */
  private readonly tenants = new Map<string, string>();
  private readonly apps = new Map<string, RegisteredApp>();

  constructor(readonly defaultTenantId: string) {
    this.addTenant(defaultTenantId);
  }

  addTenant(tenantId: string): void {
    this.tenants.set(tenantId.toLowerCase(), tenantId);
  }

  /** The tenant as registered (ids are case-insensitive), or undefined when the directory has no such tenant. */
  tenant(tenantId: string): string | undefined {
    return this.tenants.get(tenantId.toLowerCase());
  }

  /** Registers an application, or adds another valid secret to one that exists. */
  register(app: AadApplication): void {
    const tenantId = app.tenantId ?? this.defaultTenantId;
    this.addTenant(tenantId);
    const key = `${tenantId}/${app.clientId}`.toLowerCase();
    const existing = this.apps.get(key) ?? { clientId: app.clientId, tenantId, secrets: [] };
    if (app.clientSecret !== undefined) existing.secrets.push(digest(app.clientSecret));
    this.apps.set(key, existing);
  }

  application(tenantId: string, clientId: string): RegisteredApp | undefined {
    return this.apps.get(`${tenantId}/${clientId}`.toLowerCase());
  }

  /** Constant-time comparison of digests, so the fake does not teach timing leaks. */
  secretMatches(app: RegisteredApp, secret: string): boolean {
    const given = digest(secret);
    return app.secrets.some((s) => timingSafeEqual(s, given));
  }
}

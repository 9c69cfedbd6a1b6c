/**
 * pre_auth_code reuse: `/authorize` is anonymous, and every fresh code costs a call to the quota'd
 * api_create_preauthcode. A code is kept per original ID in the shared key-value store (so every instance
 * hands out the same one) for a few minutes, and never handed out once less than `minRemainingMs` of its
 * lifetime is left: the admin still has to scan and confirm before WeChat's page refuses it.
 * A code is forgotten as soon as an authorization for that account comes back (an approval may use it up).
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { ComponentAuthorizationPort } from '../ports/component.js';

export interface PreAuthCodeOptions {
  /** How long one code is handed out again (default 5 minutes). */
  reuseMs?: number;
  /** Lifetime a code must have left to be handed out (default 5 minutes). */
  minRemainingMs?: number;
}

interface Kept {
  code: string;
  /** When WeChat said the code expires (epoch ms). */
  expiresAt: number;
}

const key = (originalId: string) => `preauth:${originalId}`;

export class PreAuthCodes {
  private readonly reuseMs: number;
  private readonly minRemainingMs: number;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly clock: Clock,
    options: PreAuthCodeOptions = {},
  ) {
    this.reuseMs = options.reuseMs ?? 5 * 60_000;
    this.minRemainingMs = options.minRemainingMs ?? 5 * 60_000;
  }

  /** A code for this account's authorization page: the kept one while it is fresh enough, else a new one. */
  async forAccount(originalId: string, component: Pick<ComponentAuthorizationPort, 'createPreAuthCode'>): Promise<string> {
    const kept = parse(await this.kv.get(key(originalId)));
    const now = this.clock.now();
    if (kept && kept.expiresAt - this.minRemainingMs > now) return kept.code;

    const fresh = await component.createPreAuthCode();
    const expiresAt = now + fresh.expiresInSeconds * 1000;
    const keepUntil = Math.min(now + this.reuseMs, expiresAt - this.minRemainingMs);
    if (keepUntil > now) await this.kv.put(key(originalId), JSON.stringify({ code: fresh.code, expiresAt } satisfies Kept), keepUntil);
    return fresh.code;
  }

  async forget(originalId: string): Promise<void> {
    await this.kv.delete(key(originalId));
  }
}

function parse(value: string | undefined): Kept | undefined {
  if (!value) return undefined;
  try {
    const kept = JSON.parse(value) as Partial<Kept>;
    return typeof kept.code === 'string' && typeof kept.expiresAt === 'number' ? { code: kept.code, expiresAt: kept.expiresAt } : undefined;
  } catch {
    return undefined;
  }
}

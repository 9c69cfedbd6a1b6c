/**
 * One-time binding tokens: handed to Start To Use (postMessage to the org's origin, never in a URL) and written
 * into the Signed Service, they prove that whoever registers the Dynamics side also authorized the WeChat side,
 * and they name the one org they bind in. Only a hash is stored, so reading storage does not reveal a usable
 * token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import type { KeyValueStore } from '../ports/storage.js';

export interface BindingGrant {
  authorizerAppid: string;
  /**
   * The org origin the authorization was started from (`https://contoso.crm.dynamics.com`): the token binds
   * the account in that org only.
   */
  orgUrl: string;
}

const PREFIX = 'binding:';

export class BindingTokens {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly clock: Clock,
    private readonly ttlMs = 7 * 24 * 3600 * 1000,
  ) {}

  async issue(grant: BindingGrant): Promise<string> {
    const token = `wxb_${randomBytes(18).toString('base64url')}`;
    await this.kv.put(PREFIX + hash(token), JSON.stringify(grant), this.clock.now() + this.ttlMs);
    return token;
  }

  /** The grant of a live token, without using it up (see consume). */
  async peek(token: string): Promise<BindingGrant | undefined> {
    const value = await this.kv.get(PREFIX + hash(token.trim()));
    return value ? (JSON.parse(value) as BindingGrant) : undefined;
  }

  /** Uses the token up, once what it grants has been stored. */
  async consume(token: string): Promise<void> {
    await this.kv.delete(PREFIX + hash(token.trim()));
  }

  /** Returns the grant and forgets the token (one use), or undefined when wrong or expired. */
  async redeem(token: string): Promise<BindingGrant | undefined> {
    const key = PREFIX + hash(token.trim());
    const value = await this.kv.get(key);
    if (!value) return undefined;
    await this.kv.delete(key);
    return JSON.parse(value) as BindingGrant;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** In-memory AuthorizerRegistry; returns copies so callers cannot mutate what is stored. */
import type { AuthorizerRecord, AuthorizerRegistry } from '../../../../functions/src/relay/ports/storage.js';
import { byAppid, checkAuthorizerRecord, copyAuthorizerRecord } from '../../../../functions/src/storage/authorizer-record.js';
import { requireKey } from '../../../../functions/src/storage/validate.js';

export class MemoryAuthorizerRegistry implements AuthorizerRegistry {
  readonly #records = new Map<string, AuthorizerRecord>();

  async get(appid: string): Promise<AuthorizerRecord | undefined> {
    const record = this.#records.get(requireKey('authorizer appid', appid));
    return record ? copyAuthorizerRecord(record) : undefined;
  }

  async put(record: AuthorizerRecord): Promise<void> {
    const checked = checkAuthorizerRecord(record);
    this.#records.set(checked.appid, checked);
  }

  async list(): Promise<AuthorizerRecord[]> {
    return [...this.#records.values()].map(copyAuthorizerRecord).sort(byAppid);
  }
}

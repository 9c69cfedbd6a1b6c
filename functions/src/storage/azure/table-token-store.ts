/**
 * TokenStore on Azure Tables. One entity per token key (PartitionKey = encoded key, RowKey "token"); the value is
 * sealed with the SecretBox. expireIfCurrent is an ETag-conditional update (If-Match), so it only expires the
 * exact value it read: if another instance stored a new token in between, the update gets 412 and the new token
 * stays (WxJava's "expire only if still current" rule).
 * Docs: https://learn.microsoft.com/rest/api/storageservices/update-entity2 (If-Match, 412)
 */
import type { TableClient } from '@azure/data-tables';
import type { SecretBox } from '../../relay/ports/storage.js';
import type { StoredToken, TokenStore } from '../../wechat/tokens/ports.js';
import { StorageContentionError } from '../errors.js';
import { requireEpochMs, requireKey, requireText } from '../validate.js';
import { isNotFound, isPreconditionFailed } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

const ROW = 'token';
const MAX_ATTEMPTS = 5;

interface TokenEntity {
  partitionKey: string;
  rowKey: string;
  sealed: string;
  expiresAt: number;
  etag: string;
}

export interface TableTokenStoreOptions {
  table: TableClient;
  secretBox: SecretBox;
}

export class TableTokenStore implements TokenStore {
  readonly #table: TableClient;
  readonly #box: SecretBox;

  constructor(options: TableTokenStoreOptions) {
    this.#table = options.table;
    this.#box = options.secretBox;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const entity = await this.#read(requireKey('token key', key));
    return entity ? { value: this.#box.open(entity.sealed), expiresAt: entity.expiresAt } : undefined;
  }

  async put(key: string, token: StoredToken): Promise<void> {
    requireKey('token key', key);
    const value = requireText('token value', token?.value);
    const expiresAt = requireEpochMs('token expiresAt', token.expiresAt);
    await this.#table.upsertEntity(
      { partitionKey: encodeTableKey(key), rowKey: ROW, sealed: this.#box.seal(value), expiresAt: edmDouble(expiresAt) },
      'Replace',
    );
  }

  async expireIfCurrent(key: string, value: string): Promise<void> {
    requireKey('token key', key);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const entity = await this.#read(key);
      if (!entity || this.#box.open(entity.sealed) !== value) return;
      try {
        await this.#table.updateEntity({ partitionKey: entity.partitionKey, rowKey: ROW, expiresAt: edmDouble(0) }, 'Merge', { etag: entity.etag });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        // 412: someone wrote in between. Read again: if the value changed, there is nothing left to expire.
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    throw new StorageContentionError('expire token', MAX_ATTEMPTS);
  }

  async #read(key: string): Promise<TokenEntity | undefined> {
    try {
      const partitionKey = encodeTableKey(key);
      const e = await this.#table.getEntity<Record<string, unknown>>(partitionKey, ROW);
      return {
        partitionKey,
        rowKey: ROW,
        sealed: String(e['sealed']),
        expiresAt: readNumber(e['expiresAt']) ?? 0,
        etag: e.etag,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

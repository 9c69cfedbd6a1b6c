/** In-memory TokenStore with the Azure one's semantics: values sealed, expireIfCurrent compares the value. */
import type { SecretBox } from '../../../../functions/src/relay/ports/storage.js';
import type { StoredToken, TokenStore } from '../../../../functions/src/wechat/tokens/ports.js';
import { requireEpochMs, requireKey, requireText } from '../../../../functions/src/storage/validate.js';

interface Row {
  sealed: string;
  expiresAt: number;
}

export class MemoryTokenStore implements TokenStore {
  readonly #rows = new Map<string, Row>();
  readonly #box: SecretBox;

  constructor(options: { secretBox: SecretBox }) {
    this.#box = options.secretBox;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const row = this.#rows.get(requireKey('token key', key));
    return row ? { value: this.#box.open(row.sealed), expiresAt: row.expiresAt } : undefined;
  }

  async put(key: string, token: StoredToken): Promise<void> {
    requireKey('token key', key);
    const value = requireText('token value', token?.value);
    const expiresAt = requireEpochMs('token expiresAt', token.expiresAt);
    this.#rows.set(key, { sealed: this.#box.seal(value), expiresAt });
  }

  async expireIfCurrent(key: string, value: string): Promise<void> {
    const row = this.#rows.get(requireKey('token key', key));
    // Read-compare-write in one synchronous step: the in-process equivalent of the ETag-conditional update.
    if (row && this.#box.open(row.sealed) === value) row.expiresAt = 0;
  }

  /** What is stored at rest, for tests that check nothing is kept in clear text. */
  rawRow(key: string): Readonly<Row> | undefined {
    const row = this.#rows.get(key);
    return row ? { ...row } : undefined;
  }
}

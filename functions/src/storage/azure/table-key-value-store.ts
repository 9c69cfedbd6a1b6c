/**
 * KeyValueStore on an Azure Table. The key is split at its first ':' into PartitionKey (the kind of value)
 * and RowKey (base64url, because RowKey forbids '/', '\', '#', '?'). putIfAbsent relies on the Table service's
 * insert conflict (409) and ETag-conditional replace of expired rows, so two instances never both win.
 */
import { RestError, type TableClient } from '@azure/data-tables';
import type { Clock } from '../../kernel/clock.js';
import type { KeyValueStore } from '../../relay/ports/storage.js';
import { edmDouble, readNumber, type EdmDouble } from './table-numbers.js';

interface Row {
  partitionKey: string;
  rowKey: string;
  value: string;
  expiresAt?: number | EdmDouble;
}

export class TableKeyValueStore implements KeyValueStore {
  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.read(key);
    return row && this.live(row.entity) ? row.entity.value : undefined;
  }

  async put(key: string, value: string, expiresAt?: number): Promise<void> {
    await this.table.upsertEntity<Row>({ ...address(key), value, ...(expiresAt !== undefined && { expiresAt: edmDouble(expiresAt) }) }, 'Replace');
  }

  async putIfAbsent(key: string, value: string, expiresAt?: number): Promise<boolean> {
    const entity: Row = { ...address(key), value, ...(expiresAt !== undefined && { expiresAt: edmDouble(expiresAt) }) };
    try {
      await this.table.createEntity<Row>(entity);
      return true;
    } catch (err) {
      if (!(err instanceof RestError) || err.statusCode !== 409) throw err;
    }
    const existing = await this.read(key);
    if (existing && this.live(existing.entity)) return false;
    try {
      if (existing) await this.table.updateEntity<Row>(entity, 'Replace', { etag: existing.etag });
      else await this.table.createEntity<Row>(entity);
      return true;
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { partitionKey, rowKey } = address(key);
    try {
      await this.table.deleteEntity(partitionKey, rowKey);
    } catch (err) {
      if (!(err instanceof RestError) || err.statusCode !== 404) throw err;
    }
  }

  private async read(key: string): Promise<{ entity: Row; etag: string } | undefined> {
    const { partitionKey, rowKey } = address(key);
    try {
      const entity = await this.table.getEntity<Row>(partitionKey, rowKey);
      return { entity, etag: entity.etag };
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  private live(row: Row): boolean {
    const expiresAt = readNumber(row.expiresAt);
    return expiresAt === undefined || expiresAt > this.clock.now();
  }
}

function address(key: string): { partitionKey: string; rowKey: string } {
  const i = key.indexOf(':');
  const kind = i > 0 ? key.slice(0, i) : 'default';
  return { partitionKey: kind.replace(/[^A-Za-z0-9_-]/g, '_'), rowKey: Buffer.from(key).toString('base64url') };
}

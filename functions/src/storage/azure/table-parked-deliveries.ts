/**
 * ParkedDeliveries on an Azure Table: messages of accounts that are not bound to a Signed Service yet.
 * PartitionKey = the authorizer appid, RowKey = SHA-256 of the dedupe key, so parking the same envelope again
 * (a queue retry) replaces the one copy. The envelope is kept as JSON split over string properties of at most
 * 30,000 characters (a property holds 64 KiB of UTF-16; a queue message, hence an envelope, is at most 64 KiB).
 * Docs: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { InboundEnvelope } from '../../relay/envelope.js';
import type { ParkedDeliveries } from '../../relay/delivery/ports.js';
import { StorageError } from '../errors.js';
import { requireKey } from '../validate.js';
import { tableClient } from './connection.js';
import { isNotFound } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

const CHUNK = 30_000;
const MAX_CHUNKS = 16;

export class TableParkedDeliveries implements ParkedDeliveries {
  readonly #table: TableClient;

  constructor(table: TableClient) {
    this.#table = table;
  }

  /** Opens the table (created when missing), named `<namePrefix>WxmParkedDeliveries`. */
  static async open(connectionString: string, namePrefix = ''): Promise<TableParkedDeliveries> {
    const table = tableClient(connectionString, `${namePrefix}WxmParkedDeliveries`);
    await table.createTable();
    return new TableParkedDeliveries(table);
  }

  async park(envelope: InboundEnvelope): Promise<void> {
    const json = JSON.stringify(envelope);
    const chunks = Math.ceil(json.length / CHUNK);
    if (chunks > MAX_CHUNKS) throw new StorageError('invalid-value', 'envelope too large to park');
    const entity: Record<string, unknown> = {
      partitionKey: partition(envelope.authorizerAppid),
      rowKey: row(envelope.dedupeKey),
      receivedAt: edmDouble(envelope.receivedAt),
      chunks,
    };
    for (let i = 0; i < chunks; i++) entity[`envelope${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    await this.#table.upsertEntity(entity as { partitionKey: string; rowKey: string }, 'Replace');
  }

  async peek(authorizerAppid: string): Promise<InboundEnvelope[]> {
    const pk = partition(authorizerAppid);
    const found: InboundEnvelope[] = [];
    const entities = this.#table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${pk}` } });
    for await (const e of entities) found.push(decode(e));
    return found.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async remove(authorizerAppid: string, dedupeKeys: readonly string[]): Promise<void> {
    const pk = partition(authorizerAppid);
    for (const key of dedupeKeys) {
      try {
        await this.#table.deleteEntity(pk, row(key));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  async take(authorizerAppid: string): Promise<InboundEnvelope[]> {
    const parked = await this.peek(authorizerAppid);
    await this.remove(authorizerAppid, parked.map((e) => e.dedupeKey));
    return parked;
  }
}

const partition = (appid: string) => encodeTableKey(requireKey('authorizer appid', appid));
const row = (dedupeKey: string) => createHash('sha256').update(requireKey('dedupe key', dedupeKey), 'utf8').digest('hex');

function decode(e: Record<string, unknown>): InboundEnvelope {
  const chunks = readNumber(e['chunks']) ?? 0;
  let json = '';
  for (let i = 0; i < chunks; i++) json += String(e[`envelope${i}`] ?? '');
  try {
    const envelope = JSON.parse(json) as InboundEnvelope;
    envelope.receivedAt = readNumber(e['receivedAt']) ?? envelope.receivedAt;
    return envelope;
  } catch (err) {
    throw new StorageError('invalid-value', 'a parked envelope could not be read', { cause: err });
  }
}

/**
 * ParkedDeliveries on an Azure Table: messages of accounts that are not bound to a Signed Service yet.
 * PartitionKey = the authorizer appid, RowKey = SHA-256 of the dedupe key, so parking the same envelope again
 * (a queue retry) replaces the one copy. The envelope's JSON is kept byte for byte as gzip over Edm.Binary
 * properties (binary-chunks.ts says why not strings). Rows parked by earlier versions (JSON split over string
 * properties `envelope0..n`) are still read.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { InboundEnvelope } from '../../relay/envelope.js';
import type { ParkedDeliveries } from '../../relay/ports/delivery.js';
import { StorageError } from '../errors.js';
import { requireKey } from '../validate.js';
import { packText, unpackText } from './binary-chunks.js';
import { tableClient } from './connection.js';
import { storageNames } from './names.js';
import { isNotFound } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

export class TableParkedDeliveries implements ParkedDeliveries {
  readonly #table: TableClient;

  constructor(table: TableClient) {
    this.#table = table;
  }

  /** Opens the table (created when missing) under its name in names.ts (the storage factory opens it too). */
  static async open(connectionString: string, namePrefix = ''): Promise<TableParkedDeliveries> {
    const table = tableClient(connectionString, storageNames(namePrefix).tables.parkedDeliveries);
    await table.createTable();
    return new TableParkedDeliveries(table);
  }

  async park(envelope: InboundEnvelope): Promise<void> {
    const entity = {
      partitionKey: partition(envelope.authorizerAppid),
      rowKey: row(envelope.dedupeKey),
      receivedAt: edmDouble(envelope.receivedAt),
      ...(await packText(JSON.stringify(envelope), 'envelope')),
    };
    await this.#table.upsertEntity(entity, 'Replace');
  }

  async peek(authorizerAppid: string): Promise<InboundEnvelope[]> {
    const pk = partition(authorizerAppid);
    const found: InboundEnvelope[] = [];
    const entities = this.#table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${pk}` } });
    for await (const e of entities) found.push(await decode(e));
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
}

const partition = (appid: string) => encodeTableKey(requireKey('authorizer appid', appid));
const row = (dedupeKey: string) => createHash('sha256').update(requireKey('dedupe key', dedupeKey), 'utf8').digest('hex');

async function decode(e: Record<string, unknown>): Promise<InboundEnvelope> {
  const json = (await unpackText(e, 'envelope')) ?? legacyJson(e);
  try {
    const envelope = JSON.parse(json) as InboundEnvelope;
    envelope.receivedAt = readNumber(e['receivedAt']) ?? envelope.receivedAt;
    return envelope;
  } catch (err) {
    throw new StorageError('invalid-value', 'a parked envelope could not be read', { cause: err });
  }
}

/** Rows written before the binary format: JSON split over string properties. */
function legacyJson(e: Record<string, unknown>): string {
  const chunks = readNumber(e['chunks']) ?? 0;
  let json = '';
  for (let i = 0; i < chunks; i++) json += String(e[`envelope${i}`] ?? '');
  return json;
}

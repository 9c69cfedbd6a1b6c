/**
 * AuthorizerRegistry on Azure Tables. All records share one partition so `list()` is a single-partition query
 * (there are few authorizers per relay); RowKey = encoded appid. funcScopes is stored as a JSON string because
 * table properties cannot be arrays.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/query-entities
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { AuthorizerRecord, AuthorizerRegistry } from '../../relay/ports/storage.js';
import { byAppid, checkAuthorizerRecord } from '../authorizer-record.js';
import { requireKey } from '../validate.js';
import { isNotFound } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

const PARTITION = 'authorizer';

export class TableAuthorizerRegistry implements AuthorizerRegistry {
  readonly #table: TableClient;

  constructor(options: { table: TableClient }) {
    this.#table = options.table;
  }

  async get(appid: string): Promise<AuthorizerRecord | undefined> {
    requireKey('authorizer appid', appid);
    try {
      return fromEntity(await this.#table.getEntity<Record<string, unknown>>(PARTITION, encodeTableKey(appid)));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async put(record: AuthorizerRecord): Promise<void> {
    const r = checkAuthorizerRecord(record);
    const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
      partitionKey: PARTITION,
      rowKey: encodeTableKey(r.appid),
      appid: r.appid,
      originalId: r.originalId,
      nickName: r.nickName,
      isMiniProgram: r.isMiniProgram,
      funcScopes: JSON.stringify(r.funcScopes),
      status: r.status,
      authorizedAt: edmDouble(r.authorizedAt),
      updatedAt: edmDouble(r.updatedAt),
    };
    if (r.serviceType !== undefined) entity['serviceType'] = r.serviceType;
    if (r.verifyType !== undefined) entity['verifyType'] = r.verifyType;
    await this.#table.upsertEntity(entity, 'Replace');
  }

  async list(): Promise<AuthorizerRecord[]> {
    const records: AuthorizerRecord[] = [];
    const entities = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
    });
    for await (const e of entities) records.push(fromEntity(e));
    return records.sort(byAppid);
  }
}

function fromEntity(e: Record<string, unknown>): AuthorizerRecord {
  const record: AuthorizerRecord = {
    appid: String(e['appid']),
    originalId: String(e['originalId'] ?? ''),
    nickName: String(e['nickName'] ?? ''),
    isMiniProgram: e['isMiniProgram'] === true,
    funcScopes: parseScopes(e['funcScopes']),
    status: e['status'] === 'unauthorized' ? 'unauthorized' : 'authorized',
    authorizedAt: readNumber(e['authorizedAt']) ?? 0,
    updatedAt: readNumber(e['updatedAt']) ?? 0,
  };
  const serviceType = readNumber(e['serviceType']);
  const verifyType = readNumber(e['verifyType']);
  if (serviceType !== undefined) record.serviceType = serviceType;
  if (verifyType !== undefined) record.verifyType = verifyType;
  return record;
}

function parseScopes(raw: unknown): number[] {
  if (typeof raw !== 'string') return [];
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
}

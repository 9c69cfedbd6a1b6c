/**
 * SignedServiceRegistry on one Azure Table: records in partition `org-<organization id>` (RowKey = row id), so
 * an org's Signed Services are one partition query; bindings in partition `binding` (RowKey = appid). Records
 * are stored as a JSON document: the sealed secret inside is already encrypted by the caller.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { AccountBinding, SignedServiceRecord, SignedServiceRegistry } from '../../relay/ports/signed-services.js';
import { isNotFound, isPreconditionFailed } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';

interface DocEntity {
  partitionKey: string;
  rowKey: string;
  doc: string;
  /** Host of the environment URL of connected records, for findConnectedByHost. */
  connectedHost?: string;
}

export class TableSignedServiceRegistry implements SignedServiceRegistry {
  constructor(private readonly table: TableClient) {}

  async get(organizationId: string, signedServiceId: string): Promise<SignedServiceRecord | undefined> {
    const e = await this.read(orgPartition(organizationId), encodeTableKey(signedServiceId.toLowerCase()));
    return e && (JSON.parse(e.doc) as SignedServiceRecord);
  }

  async listForOrg(organizationId: string): Promise<SignedServiceRecord[]> {
    const out: SignedServiceRecord[] = [];
    const entities = this.table.listEntities<DocEntity>({ queryOptions: { filter: odata`PartitionKey eq ${orgPartition(organizationId)}` } });
    for await (const e of entities) out.push(JSON.parse(e.doc) as SignedServiceRecord);
    return out;
  }

  async findConnectedByHost(host: string): Promise<SignedServiceRecord[]> {
    const out: SignedServiceRecord[] = [];
    const entities = this.table.listEntities<DocEntity>({ queryOptions: { filter: odata`connectedHost eq ${host.toLowerCase()}` } });
    for await (const e of entities) out.push(JSON.parse(e.doc) as SignedServiceRecord);
    return out;
  }

  async put(record: SignedServiceRecord): Promise<void> {
    const normal = { ...record, organizationId: record.organizationId.toLowerCase(), signedServiceId: record.signedServiceId.toLowerCase() };
    const entity: DocEntity = {
      partitionKey: orgPartition(normal.organizationId),
      rowKey: encodeTableKey(normal.signedServiceId),
      doc: JSON.stringify(normal),
    };
    if (normal.state === 'connected' && normal.environmentUrl) entity.connectedHost = new URL(normal.environmentUrl).host.toLowerCase();
    await this.table.upsertEntity<DocEntity>(entity, 'Replace');
  }

  async delete(organizationId: string, signedServiceId: string): Promise<void> {
    try {
      await this.table.deleteEntity(orgPartition(organizationId), encodeTableKey(signedServiceId.toLowerCase()));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async bindingOf(authorizerAppid: string): Promise<AccountBinding | undefined> {
    const e = await this.read('binding', encodeTableKey(authorizerAppid));
    return e && (JSON.parse(e.doc) as AccountBinding);
  }

  async bind(authorizerAppid: string, binding: AccountBinding): Promise<void> {
    const doc = JSON.stringify({ ...binding, organizationId: binding.organizationId.toLowerCase(), signedServiceId: binding.signedServiceId.toLowerCase() });
    await this.table.upsertEntity<DocEntity>({ partitionKey: 'binding', rowKey: encodeTableKey(authorizerAppid), doc }, 'Replace');
  }

  async unbind(authorizerAppid: string, binding: AccountBinding): Promise<void> {
    const e = await this.read('binding', encodeTableKey(authorizerAppid));
    if (!e) return;
    const current = JSON.parse(e.doc) as AccountBinding;
    if (current.organizationId !== binding.organizationId.toLowerCase() || current.signedServiceId !== binding.signedServiceId.toLowerCase()) return;
    try {
      // Conditional on the ETag we read: a binding moved elsewhere meanwhile is left alone.
      await this.table.deleteEntity('binding', encodeTableKey(authorizerAppid), { etag: e.etag });
    } catch (err) {
      if (!isNotFound(err) && !isPreconditionFailed(err)) throw err;
    }
  }

  private async read(partitionKey: string, rowKey: string): Promise<(DocEntity & { etag: string }) | undefined> {
    try {
      return await this.table.getEntity<DocEntity>(partitionKey, rowKey);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

const orgPartition = (organizationId: string) => `org-${encodeTableKey(organizationId.toLowerCase())}`;

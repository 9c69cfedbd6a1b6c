/**
 * VerifyTicketStore on Azure Tables, compare-and-set by ETag: a ticket is written only if its createTime is newer
 * than the stored one, and the write is conditional on the entity not having changed since it was read (insert
 * → 409 if someone created it first; update → 412 if someone replaced it). On either conflict the store re-reads
 * and decides again, so a late retry of an older push never overwrites a newer ticket.
 * WeChat pushes component_verify_ticket every 10 minutes:
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 */
import type { TableClient } from '@azure/data-tables';
import type { VerifyTicket, VerifyTicketStore } from '../../wechat/tokens/ports.js';
import { StorageContentionError } from '../errors.js';
import { requireEpochMs, requireKey, requireText } from '../validate.js';
import { isConflict, isNotFound, isPreconditionFailed } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';
import { edmDouble, readNumber } from './table-numbers.js';

const ROW = 'ticket';
const MAX_ATTEMPTS = 8;

export class TableVerifyTicketStore implements VerifyTicketStore {
  readonly #table: TableClient;

  constructor(options: { table: TableClient }) {
    this.#table = options.table;
  }

  async get(componentAppid: string): Promise<VerifyTicket | undefined> {
    const stored = await this.#read(requireKey('component appid', componentAppid));
    return stored ? { ticket: stored.ticket, createTime: stored.createTime } : undefined;
  }

  async put(componentAppid: string, ticket: VerifyTicket): Promise<void> {
    requireKey('component appid', componentAppid);
    const value = requireText('verify ticket', ticket?.ticket);
    const createTime = requireEpochMs('verify ticket createTime', ticket.createTime);
    const entity = { partitionKey: encodeTableKey(componentAppid), rowKey: ROW, ticket: value, createTime: edmDouble(createTime) };

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.#read(componentAppid);
      if (stored && stored.createTime >= createTime) return;
      try {
        if (stored) await this.#table.updateEntity(entity, 'Replace', { etag: stored.etag });
        else await this.#table.createEntity(entity);
        return;
      } catch (err) {
        if (!isConflict(err) && !isPreconditionFailed(err) && !isNotFound(err)) throw err;
      }
    }
    throw new StorageContentionError('store verify ticket', MAX_ATTEMPTS);
  }

  async #read(componentAppid: string): Promise<(VerifyTicket & { etag: string }) | undefined> {
    try {
      const e = await this.#table.getEntity<Record<string, unknown>>(encodeTableKey(componentAppid), ROW);
      return { ticket: String(e['ticket']), createTime: readNumber(e['createTime']) ?? 0, etag: e.etag };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

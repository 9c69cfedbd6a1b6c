/** In-memory VerifyTicketStore: keeps a ticket only when its createTime is newer than the stored one. */
import type { VerifyTicket, VerifyTicketStore } from '../../../../functions/src/wechat/tokens/ports.js';
import { requireEpochMs, requireKey, requireText } from '../../../../functions/src/storage/validate.js';

export class MemoryVerifyTicketStore implements VerifyTicketStore {
  readonly #tickets = new Map<string, VerifyTicket>();

  async get(componentAppid: string): Promise<VerifyTicket | undefined> {
    const ticket = this.#tickets.get(requireKey('component appid', componentAppid));
    return ticket ? { ...ticket } : undefined;
  }

  async put(componentAppid: string, ticket: VerifyTicket): Promise<void> {
    requireKey('component appid', componentAppid);
    const value = requireText('verify ticket', ticket?.ticket);
    const createTime = requireEpochMs('verify ticket createTime', ticket.createTime);
    const stored = this.#tickets.get(componentAppid);
    if (stored && stored.createTime >= createTime) return;
    this.#tickets.set(componentAppid, { ticket: value, createTime });
  }
}

/**
 * Confirms ledger claims whose messages are queued, off the callbacks' answer path: while one confirm write is
 * in flight, the tickets of every group finished meanwhile wait and go together in the next one (group commit
 * again), so under load a confirm costs one Table transaction per partition for many groups. A failed confirm
 * is only logged: the message is queued, and a pending claim keeps blocking duplicates until it looks abandoned.
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
 */
import type { Logger } from '../ports.js';
import type { ClaimTicket, GroupLedger } from './ingest-ports.js';

export class ConfirmBacklog {
  #waiting: ClaimTicket[] = [];
  #running: Promise<void> | undefined;

  constructor(
    private readonly ledger: GroupLedger,
    private readonly logger: Logger,
  ) {}

  add(tickets: readonly ClaimTicket[]): void {
    this.#waiting.push(...tickets);
    this.#kick();
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#waiting.length > 0) this.#kick(); // added after the drain's last look
    });
  }

  /** Resolves once every ticket added so far was written (or its write failed). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.ledger.confirmMany(batch);
      } catch {
        this.logger.warn('queued deliveries could not be confirmed in the ledger; they stay pending', { count: batch.length });
      }
    }
  }
}

/**
 * Confirms ledger claims whose messages are queued, off the callbacks' answer path. Under load they ride in the
 * next group's claim transactions (ingest-group.ts takes them: one request fewer per group); when no group comes
 * within `idleMs` they are written on their own, all waiting ones together. A failed confirm is only logged: the
 * message is queued, and a pending claim keeps blocking duplicates until it looks abandoned.
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
 */
import type { Logger } from '../ports/logger.js';
import type { ClaimTicket, GroupLedger } from '../ports/ingest.js';

export class ConfirmBacklog {
  #waiting: ClaimTicket[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly ledger: GroupLedger,
    private readonly logger: Logger,
    private readonly idleMs = 20,
  ) {}

  add(tickets: readonly ClaimTicket[]): void {
    if (tickets.length === 0) return;
    this.#waiting.push(...tickets);
    this.#timer ??= setTimeout(() => this.#kick(), this.idleMs);
  }

  /** Everything waiting, for a claim write to carry; give it back with `add` if that write failed. */
  take(): ClaimTicket[] {
    const taken = this.#waiting;
    this.#waiting = [];
    return taken;
  }

  /** Writes what waits now and resolves once every ticket added so far was written (or its write failed). */
  async settled(): Promise<void> {
    this.#kick();
    while (this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running || this.#waiting.length === 0) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#waiting.length > 0) this.#kick(); // added after the drain's last look
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.take();
      try {
        await this.ledger.confirmMany(batch);
      } catch {
        this.logger.warn('queued deliveries could not be confirmed in the ledger; they stay pending', { count: batch.length });
      }
    }
  }
}

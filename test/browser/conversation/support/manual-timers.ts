/** Timers a test runs by hand: what is scheduled, after how long, and firing the next one. */
import type { Timers } from '../../../../pcf-controls/ConversationView/ConversationView/conversation/ports.js';

export class ManualTimers implements Timers {
  private next = 1;
  private readonly pending = new Map<number, { callback: () => void; ms: number }>();

  set(callback: () => void, ms: number): number {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of what is scheduled now. */
  get delays(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }

  /** Fires the one scheduled callback (the store keeps at most one poll scheduled). */
  fire(): void {
    const entries = [...this.pending.entries()];
    if (entries.length !== 1) throw new Error(`expected one scheduled callback, found ${entries.length}`);
    const [handle, { callback }] = entries[0]!;
    this.pending.delete(handle);
    callback();
  }
}

/**
 * Scenes that name no QR code of the account, per org (attribution.ts). A follow or scan through a code made
 * elsewhere (the MP console, another tool) would otherwise cost a Dataverse read each, and under a backlog
 * hundreds of deliveries look the same scene up at once: one lookup per scene is in flight at a time, and its
 * "no code" answer is believed for MISSING_CODE_MS. A found code is never shared: its counts and ETag must be read
 * fresh by the delivery that writes them.
 *
 * Why believing "no code" for a while is safe: the relay gives a code its scene before WeChat has a code to scan,
 * so only a scene chosen by hand that was already in use elsewhere can turn into a code meanwhile; its scans are
 * then counted at most MISSING_CODE_MS later.
 */
import { BoundedMap } from '../../support/bounded-map.js';

export const MISSING_CODE_MS = 5 * 60_000;

export class MissingCodes {
  readonly #missing = new BoundedMap<string, number>({ maxEntries: 1_000 });
  readonly #inFlight = new Map<string, Promise<boolean>>();

  /**
   * True when `key` (account|scene) is known to name no code: from memory, or from the lookup in flight. Otherwise
   * `lookup` runs (reading the code and saying whether one was found) and its answer is remembered.
   */
  async known(key: string, now: number, lookup: () => Promise<boolean>): Promise<'missing' | 'found'> {
    const since = this.#missing.get(key);
    if (since !== undefined && now - since < MISSING_CODE_MS) return 'missing';
    const pending = this.#inFlight.get(key);
    if (pending && !(await pending.catch(() => true))) return 'missing';
    if (pending) return 'found';
    const run = lookup().then((found) => {
      if (found) this.#missing.delete(key);
      else this.#missing.set(key, now);
      return found;
    });
    this.#inFlight.set(key, run);
    try {
      return (await run) ? 'found' : 'missing';
    } finally {
      this.#inFlight.delete(key);
    }
  }
}

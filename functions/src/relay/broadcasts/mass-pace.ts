/**
 * WeChat takes 60 mass-send calls a minute per account (sendall and send together; wechat-marketing.md §4, 45011
 * beyond). Every broadcast of an account, on every relay instance, draws its calls from one timeline of slots, one
 * per `spacingMs` (1,100 ms by default: 55 a minute, a margin for clocks and networks). A slot is claimed in the
 * shared key-value store with putIfAbsent (a Table insert: two instances never both win one), so two broadcasts
 * sending at once interleave their calls instead of each spending the whole minute. A caller that reaches its slot
 * late (a pause longer than a slot) claims a fresh one rather than call out of turn.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { KeyValueStore } from '../ports/storage.js';

export interface MassPaceDeps {
  kv: KeyValueStore;
  clock: Clock;
  /** Pause between two mass-send calls of one account. 0 turns pacing off (tests of other rules). */
  callSpacingMs?: number;
  /** Waits `ms` on `clock` (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_MASS_CALL_SPACING_MS = 1_100;
/** Slots looked at in one go before the caller waits a slot and looks again (bounded storage calls). */
const PROBE = 20;
/** How long a claimed slot is remembered after its time (a late reader must still see it taken). */
const SLOT_TTL_MS = 120_000;

/**
 * Resolves when this caller may make the account's next mass-send call, with the time of the slot it claimed (the
 * claim holds across instances); 0 when pacing is off.
 */
export async function awaitMassSlot(deps: MassPaceDeps, appid: string): Promise<number> {
  const spacing = deps.callSpacingMs ?? DEFAULT_MASS_CALL_SPACING_MS;
  if (spacing <= 0) return 0;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const slot = await claimSlot(deps, appid, spacing);
    if (slot === undefined) {
      await sleep(spacing);
      continue;
    }
    const at = slot * spacing;
    const wait = at - deps.clock.now();
    if (wait > 0) await sleep(wait);
    // Woken too late (the process paused): calling now could crowd the slots after ours.
    if (deps.clock.now() < at + spacing) return at;
  }
}

async function claimSlot(deps: MassPaceDeps, appid: string, spacing: number): Promise<number | undefined> {
  const first = Math.ceil(deps.clock.now() / spacing);
  for (let slot = first; slot < first + PROBE; slot++) {
    if (await deps.kv.putIfAbsent(`mass-slot|${appid}|${slot}`, String(deps.clock.now()), slot * spacing + SLOT_TTL_MS)) return slot;
  }
  return undefined;
}

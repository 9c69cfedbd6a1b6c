/**
 * The relay's window rule and the WeChat simulator's (test/emulators/wechat/state/service-window.ts, written from
 * WeChat's documentation on its own) agree on every send of random interaction histories: the relay refuses
 * exactly what the simulator would answer 45015 or 45047.
 */
import { describe, expect, it } from 'vitest';
import { ServiceWindow } from '../../../../test/emulators/wechat/state/service-window.js';
import { afterInteraction, afterSend, replyWindow, windowErrcode, type Interactions } from './reply-window.js';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('reply window: relay and simulator', () => {
  it('agree on 20 histories of 200 steps', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = random(seed);
      const sim = new ServiceWindow();
      let i: Interactions = { following: true, sentSinceMessage: 0, sentSinceEvent: 0 };
      let now = 1_700_000_000_000;
      for (let step = 0; step < 200; step++) {
        // Gaps from a few seconds to about three days, so both allowances open, fill and lapse.
        now += Math.floor(r() ** 4 * 3 * 24 * 3600 * 1000) + 1000;
        const roll = r();
        if (roll < 0.08) {
          sim.open('message', now);
          i = afterInteraction(i, 'message', now);
        } else if (roll < 0.2) {
          sim.open('event', now);
          i = afterInteraction(i, 'event', now);
        } else {
          const expected = windowErrcode(replyWindow(i, now));
          expect(sim.consume(now), `seed ${seed} step ${step}`).toBe(expected);
          i = afterSend(i, now);
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { benchDecryptParse } from './decrypt-parse.js';

describe('benchDecryptParse', () => {
  it('measures both sides on the same callbacks and reports their ratio', async () => {
    const r = await benchDecryptParse({ iterations: 400, rounds: 4 });
    expect(r.ours.opsPerSec).toBeGreaterThan(0);
    expect(r.peer.opsPerSec).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.ours.opsPerSec / r.peer.opsPerSec, 1);
  });
});

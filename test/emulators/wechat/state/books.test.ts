import { describe, expect, it } from 'vitest';
import { accountBook, stateBook } from './books.js';

describe('books of a simulator state', () => {
  it('makes one book per state on first use, and one per account of a state', () => {
    let made = 0;
    const sends = stateBook((state: { name: string }) => ({ of: state.name, n: ++made }));
    const a = { name: 'a' };
    const b = { name: 'b' };
    expect(sends(a)).toBe(sends(a));
    expect([sends(a), sends(b)]).toEqual([
      { of: 'a', n: 1 },
      { of: 'b', n: 2 },
    ]);

    const templates = accountBook((state: { name: string }, appid: string) => ({ key: `${state.name}|${appid}`, ids: new Set<string>() }));
    templates(a, 'wx1').ids.add('T1');
    expect([...templates(a, 'wx1').ids]).toEqual(['T1']);
    expect([...templates(a, 'wx2').ids]).toEqual([]);
    expect([...templates(b, 'wx1').ids]).toEqual([]);
    expect([templates(a, 'wx2').key, templates(b, 'wx1').key]).toEqual(['a|wx2', 'b|wx1']);
  });
});

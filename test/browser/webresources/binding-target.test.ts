/** Bind WeChat: whom the page binds from how it was opened, and its bounded polling. */
import { describe, expect, it } from 'vitest';
import { openedFor } from '../../../webresources/src/pages/binding/target.js';
import { poll } from '../../../webresources/src/pages/binding/poll.js';

const ME = '0b7c1a52-9f9e-4f57-a0c2-1d0e6f3b2a11';
const CONTACT = '5d3c2b1a-0000-4000-8000-00000000abcd';

describe('openedFor', () => {
  it('embedded on a form: typename and the braced, upper-case id the form passes', () => {
    expect(openedFor(new URLSearchParams(`typename=contact&id=%7B${CONTACT.toUpperCase()}%7D&type=2`), ME)).toEqual({
      target: { kind: 'contact', id: CONTACT },
      fixed: true,
    });
  });

  it('navigateTo data: lead=<id>, user=me, and the user’s own id', () => {
    expect(openedFor(new URLSearchParams({ data: `lead=${CONTACT}` }), ME)).toEqual({ target: { kind: 'lead', id: CONTACT }, fixed: true });
    expect(openedFor(new URLSearchParams({ data: 'user=me' }), ME)).toEqual({ target: { kind: 'systemuser', id: ME }, fixed: true });
    expect(openedFor(new URLSearchParams(`typename=systemuser&id={${ME}}`), ME)).toEqual({ target: { kind: 'systemuser', id: ME }, fixed: true });
  });

  it('from the sitemap (nothing passed): the signed-in user, with the choice of another person left open', () => {
    expect(openedFor(new URLSearchParams('orgname=contoso&userlcid=2052'), ME)).toEqual({ target: { kind: 'systemuser', id: ME }, fixed: false });
  });

  it('refuses another user (whoever scans gets their notifications), other tables and ids that are not GUIDs', () => {
    expect(openedFor(new URLSearchParams(`typename=systemuser&id=${CONTACT}`), ME)).toEqual({ refused: 'not-me' });
    expect(openedFor(new URLSearchParams(`typename=account&id=${CONTACT}`), ME)).toEqual({ refused: 'bad-record' });
    expect(openedFor(new URLSearchParams({ data: "contact=1' or 1 eq 1" }), ME)).toEqual({ refused: 'bad-record' });
  });
});

describe('poll', () => {
  it('asks until an answer comes, at the interval', async () => {
    let now = 0;
    const answers = [undefined, undefined, 'image'];
    const slept: number[] = [];
    const value = await poll(async () => answers.shift(), {
      intervalMs: 1500,
      deadline: 10_000,
      now: () => now,
      sleep: async (ms) => void (slept.push(ms), (now += ms)),
    });
    expect([value, slept]).toEqual(['image', [1500, 1500]]);
  });

  it('gives up at the deadline, and when stopped (a new code), without another read', async () => {
    let now = 0;
    let reads = 0;
    const none = await poll(async () => void reads++, { intervalMs: 3000, deadline: 7000, now: () => now, sleep: async (ms) => void (now += ms) });
    expect([none, reads]).toEqual([undefined, 3]);
    let stop = false;
    reads = 0;
    const stopped = await poll(async () => void (reads++, (stop = true)), { intervalMs: 1, deadline: 1e12, sleep: async () => undefined, stopped: () => stop });
    expect([stopped, reads]).toEqual([undefined, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { WechatApiError } from '../api/errors.js';
import { ComponentAccessTokenProvider } from './component-access-token.js';
import { WechatTokenError } from './errors.js';
import { FakeClock, MemoryLock, MemoryTicketStore, MemoryTokenStore } from '@wxm/testkit/kit/wechat/tokens';

const APPID = 'wxcomponent';
const HOUR = 3600_000;

/** A fake api_component_token that issues cat-1, cat-2… after a few event-loop turns. */
function fakeApi() {
  const tickets: string[] = [];
  return {
    tickets,
    async apiComponentToken(ticket: string) {
      tickets.push(ticket);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      return { accessToken: `cat-${tickets.length}`, expiresIn: 7200 };
    },
  };
}

async function setup() {
  const shared = { store: new MemoryTokenStore(), lock: new MemoryLock(), tickets: new MemoryTicketStore(), clock: new FakeClock() };
  await shared.tickets.put(APPID, { ticket: 'ticket@@@1', createTime: 1715943329 });
  const api = fakeApi();
  const instance = () => new ComponentAccessTokenProvider({ componentAppid: APPID, ...shared, api });
  return { ...shared, api, instance };
}

describe('ComponentAccessTokenProvider', () => {
  it('fetches with the stored ticket and stores value + expiresAt', async () => {
    const { instance, api, store, clock } = await setup();
    const start = clock.now();
    await expect(instance().get()).resolves.toBe('cat-1');
    expect(api.tickets).toEqual(['ticket@@@1']);
    expect(store.map.get('component:wxcomponent')).toEqual({ value: 'cat-1', expiresAt: start + 7200_000 });
  });

  it('two instances asking at once call WeChat exactly once', async () => {
    const { instance, api } = await setup();
    const a = instance();
    const b = instance();
    const values = await Promise.all([a.get(), b.get(), a.get(), b.get(), b.get()]);
    expect(values).toEqual(['cat-1', 'cat-1', 'cat-1', 'cat-1', 'cat-1']);
    expect(api.tickets).toHaveLength(1);
  });

  it('reuses the stored token until 10 minutes before expiry, then refreshes once', async () => {
    const { instance, api, clock } = await setup();
    const p = instance();
    await p.get();
    clock.advance(2 * HOUR - 10 * 60_000 - 1); // 10 min + 1 ms left: still fresh
    await expect(p.get()).resolves.toBe('cat-1');
    clock.advance(1); // exactly 10 min left: due
    await expect(Promise.all([p.get(), instance().get()])).resolves.toEqual(['cat-2', 'cat-2']);
    expect(api.tickets).toHaveLength(2);
  });

  it('honours a custom margin', async () => {
    const { store, lock, tickets, clock, api } = await setup();
    const p = new ComponentAccessTokenProvider({ componentAppid: APPID, store, lock, tickets, clock, api, refreshMarginMs: 0 });
    await p.get();
    clock.advance(2 * HOUR - 1);
    await expect(p.get()).resolves.toBe('cat-1');
  });

  it('sees a token another instance refreshed, with no in-process cache', async () => {
    const { instance, store } = await setup();
    const p = instance();
    await p.get();
    await store.put('component:wxcomponent', { value: 'cat-from-elsewhere', expiresAt: Date.UTC(2030, 0, 1) });
    await expect(p.get()).resolves.toBe('cat-from-elsewhere');
  });

  it('invalidate drops the token only while it is the current one', async () => {
    const { instance, api, store } = await setup();
    const p = instance();
    await p.get();
    await p.invalidate('an-older-token');
    await expect(p.get()).resolves.toBe('cat-1');
    await p.invalidate('cat-1');
    expect(store.map.get('component:wxcomponent')?.expiresAt).toBe(0);
    await expect(p.get()).resolves.toBe('cat-2');
    expect(api.tickets).toHaveLength(2);
  });

  it('throws a typed error when no ticket has arrived yet', async () => {
    const { store, lock, clock, api } = await setup();
    const p = new ComponentAccessTokenProvider({ componentAppid: 'wxnew', store, lock, clock, api, tickets: new MemoryTicketStore() });
    const err = await p.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatTokenError);
    expect(err).toMatchObject({ kind: 'no-verify-ticket', appid: 'wxnew' });
    expect(api.tickets).toHaveLength(0);
  });

  it('a WeChat refusal stores nothing and releases the lock', async () => {
    const { store, lock, tickets, clock } = await setup();
    let calls = 0;
    const api = {
      apiComponentToken: async () => {
        calls++;
        if (calls === 1) throw new WechatApiError(61006, 'component ticket is invalid');
        return { accessToken: 'cat-ok', expiresIn: 7200 };
      },
    };
    const p = new ComponentAccessTokenProvider({ componentAppid: APPID, store, lock, tickets, clock, api });
    await expect(p.get()).rejects.toMatchObject({ errcode: 61006 });
    expect(store.map.size).toBe(0);
    expect(lock.held).toBe(0);
    await expect(p.get()).resolves.toBe('cat-ok');
  });

  it('refreshIfDue refreshes only when due', async () => {
    const { instance, api, clock } = await setup();
    const p = instance();
    await expect(p.refreshIfDue()).resolves.toBe(true);
    await expect(p.refreshIfDue()).resolves.toBe(false);
    clock.advance(HOUR);
    await expect(p.refreshIfDue(HOUR + 1)).resolves.toBe(true);
    expect(api.tickets).toHaveLength(2);
  });
});

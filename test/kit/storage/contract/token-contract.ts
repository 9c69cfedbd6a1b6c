/** Contract: TokenStore, VerifyTicketStore and AuthorizerRefreshTokenStore behave the same on every backend. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/manual-clock.js';
import { AesGcmSecretBox, generateSecretKey } from '../../../../functions/src/storage/secret-box.js';
import type { HarnessInstance, StorageHarness } from './harness.js';

export function tokenContract(harness: StorageHarness): void {
  const open = (): Promise<HarnessInstance> => harness.create({ clock: new ManualClock(), secretBox: new AesGcmSecretBox(generateSecretKey()) });

  describe(`${harness.name}: TokenStore`, () => {
    it('stores, reads back and replaces a token', async () => {
      const { storage } = await open();
      expect(await storage.tokens.get('component:wx1')).toBeUndefined();
      await storage.tokens.put('component:wx1', { value: 'tok-A', expiresAt: 1_704_067_200_000 });
      expect(await storage.tokens.get('component:wx1')).toEqual({ value: 'tok-A', expiresAt: 1_704_067_200_000 });
      await storage.tokens.put('component:wx1', { value: 'tok-B', expiresAt: 1_704_074_400_000 });
      expect(await storage.tokens.get('component:wx1')).toEqual({ value: 'tok-B', expiresAt: 1_704_074_400_000 });
      expect(await storage.tokens.get('component:wx2')).toBeUndefined();
    });

    it('expireIfCurrent expires only the value it is given', async () => {
      const { storage } = await open();
      await storage.tokens.put('authorizer:wxA', { value: 'current', expiresAt: 1_704_070_000_000 });
      await storage.tokens.expireIfCurrent('authorizer:wxA', 'older-failed-token');
      expect(await storage.tokens.get('authorizer:wxA')).toEqual({ value: 'current', expiresAt: 1_704_070_000_000 });
      await storage.tokens.expireIfCurrent('authorizer:wxA', 'current');
      expect(await storage.tokens.get('authorizer:wxA')).toEqual({ value: 'current', expiresAt: 0 });
      await storage.tokens.expireIfCurrent('authorizer:missing', 'x');
      expect(await storage.tokens.get('authorizer:missing')).toBeUndefined();
    });

    it('keeps the access token sealed at rest', async () => {
      const h = await open();
      await h.storage.tokens.put('component:wx1', { value: 'PLAINTEXT_ACCESS_TOKEN_123', expiresAt: 1 });
      const raw = await h.rawToken('component:wx1');
      expect(raw).not.toContain('PLAINTEXT_ACCESS_TOKEN_123');
      expect(raw).toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+/);
    });

    it('rejects empty keys and values with a typed error', async () => {
      const { storage } = await open();
      await expect(storage.tokens.put('', { value: 'x', expiresAt: 1 })).rejects.toMatchObject({ code: 'invalid-key' });
      await expect(storage.tokens.put('k', { value: '', expiresAt: 1 })).rejects.toMatchObject({ code: 'invalid-value' });
      await expect(storage.tokens.put('k', { value: 'x', expiresAt: Number.NaN })).rejects.toMatchObject({
        code: 'invalid-value',
      });
    });
  });

  describe(`${harness.name}: VerifyTicketStore`, () => {
    it('keeps only a strictly newer ticket by createTime', async () => {
      const { storage } = await open();
      expect(await storage.verifyTickets.get('wxcomp')).toBeUndefined();
      await storage.verifyTickets.put('wxcomp', { ticket: 'ticket@100', createTime: 1_700_000_100 });
      await storage.verifyTickets.put('wxcomp', { ticket: 'ticket@050-late-retry', createTime: 1_700_000_050 });
      await storage.verifyTickets.put('wxcomp', { ticket: 'ticket@100-dup', createTime: 1_700_000_100 });
      expect(await storage.verifyTickets.get('wxcomp')).toEqual({ ticket: 'ticket@100', createTime: 1_700_000_100 });
      await storage.verifyTickets.put('wxcomp', { ticket: 'ticket@700', createTime: 1_700_000_700 });
      expect(await storage.verifyTickets.get('wxcomp')).toEqual({ ticket: 'ticket@700', createTime: 1_700_000_700 });
    });

    it('ends with the newest ticket whatever order concurrent pushes from two instances land in', async () => {
      const h = await open();
      const other = await h.sibling();
      const times = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0].map((n) => 1_700_000_000 + n * 600);
      await Promise.all(times.map((createTime, i) => (i % 2 ? other : h.storage).verifyTickets.put('wxcomp', { ticket: `t${createTime}`, createTime })));
      const newest = 1_700_000_000 + 9 * 600;
      expect(await h.storage.verifyTickets.get('wxcomp')).toEqual({ ticket: `t${newest}`, createTime: newest });
    });
  });

  describe(`${harness.name}: AuthorizerRefreshTokenStore`, () => {
    it('stores and replaces the refresh token, sealed at rest', async () => {
      const h = await open();
      expect(await h.storage.refreshTokens.get('wxAuth1')).toBeUndefined();
      await h.storage.refreshTokens.put('wxAuth1', 'refreshtoken@@@SECRET-ONE');
      expect(await h.storage.refreshTokens.get('wxAuth1')).toBe('refreshtoken@@@SECRET-ONE');
      const raw = await h.rawRefreshToken('wxAuth1');
      expect(raw).not.toContain('SECRET-ONE');
      expect(raw).toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+/);
      await h.storage.refreshTokens.put('wxAuth1', 'refreshtoken@@@SECRET-TWO');
      expect(await (await h.sibling()).refreshTokens.get('wxAuth1')).toBe('refreshtoken@@@SECRET-TWO');
    });

    it('refuses an empty token instead of dropping the stored one', async () => {
      const { storage } = await open();
      await storage.refreshTokens.put('wxAuth1', 'keep-me');
      await expect(storage.refreshTokens.put('wxAuth1', '')).rejects.toMatchObject({ code: 'invalid-value' });
      expect(await storage.refreshTokens.get('wxAuth1')).toBe('keep-me');
    });
  });
}

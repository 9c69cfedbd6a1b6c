import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import type { ParkedDeliveries } from '../../relay/delivery/ports.js';
import type { InboundEnvelope } from '../../relay/envelope.js';
import { MemoryParkedDeliveries } from '../memory/memory-parked-deliveries.js';
import { TableParkedDeliveries } from './table-parked-deliveries.js';

const envelope = (appid: string, n: number, receivedAt: number, xml = `<xml><MsgId>${n}</MsgId></xml>`): InboundEnvelope => ({
  v: 1,
  authorizerAppid: appid,
  dedupeKey: `${appid}|msg|${n}`,
  xml,
  receivedAt,
});

function parkedContract(name: string, open: () => Promise<ParkedDeliveries>) {
  describe(`${name}: ParkedDeliveries`, () => {
    it('keeps envelopes per account, oldest first, and peek leaves them in place', async () => {
      const parked = await open();
      await parked.park(envelope('wxa', 2, 2_000));
      await parked.park(envelope('wxa', 1, 1_000));
      await parked.park(envelope('wxb', 3, 500));
      expect((await parked.peek('wxa')).map((e) => e.dedupeKey)).toEqual(['wxa|msg|1', 'wxa|msg|2']);
      expect(await parked.peek('wxa')).toEqual([envelope('wxa', 1, 1_000), envelope('wxa', 2, 2_000)]);
      expect(await parked.peek('wxb')).toEqual([envelope('wxb', 3, 500)]);
      expect(await parked.peek('wxc')).toEqual([]);
    });

    it('parking the same envelope twice (a queue retry) keeps one copy', async () => {
      const parked = await open();
      await parked.park(envelope('wxa', 1, 1_000));
      await parked.park(envelope('wxa', 1, 1_000));
      expect(await parked.peek('wxa')).toHaveLength(1);
    });

    it('remove forgets by dedupe key (unknown keys are fine); take removes and returns everything', async () => {
      const parked = await open();
      for (const n of [1, 2, 3]) await parked.park(envelope('wxa', n, n * 1_000));
      await parked.remove('wxa', ['wxa|msg|2', 'wxa|msg|404']);
      expect((await parked.peek('wxa')).map((e) => e.dedupeKey)).toEqual(['wxa|msg|1', 'wxa|msg|3']);
      expect((await parked.take('wxa')).map((e) => e.dedupeKey)).toEqual(['wxa|msg|1', 'wxa|msg|3']);
      expect(await parked.peek('wxa')).toEqual([]);
    });

    it('keeps a 48 KB envelope with emoji and keys with / # ? intact', async () => {
      const parked = await open();
      const big = envelope('wxa', 9, 9_000, `<xml><Content><![CDATA[${'你好😀/#?'.repeat(6_000)}]]></Content></xml>`);
      big.dedupeKey = 'wxa|event|o/#?|1718000000|VIEW|https%3A%2F%2Fexample.com%2F%3Fa%3D1';
      await parked.park(big);
      expect(await parked.peek('wxa')).toEqual([big]);
      await parked.remove('wxa', [big.dedupeKey]);
      expect(await parked.peek('wxa')).toEqual([]);
    });

    it('refuses an envelope without account or dedupe key', async () => {
      const parked = await open();
      await expect(parked.park({ ...envelope('wxa', 1, 1), authorizerAppid: '' })).rejects.toMatchObject({ code: 'invalid-key' });
      await expect(parked.park({ ...envelope('wxa', 1, 1), dedupeKey: '' })).rejects.toMatchObject({ code: 'invalid-key' });
    });
  });
}

parkedContract('memory', async () => new MemoryParkedDeliveries());
parkedContract('Azure Table', () => TableParkedDeliveries.open(azuriteConnectionString(), uniqueNamePrefix('park')));

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import type { ParkedDeliveries } from '../../relay/ports/delivery.js';
import type { InboundEnvelope } from '../../relay/envelope.js';
import { MemoryParkedDeliveries } from '@wxm/testkit/kit/storage/memory/memory-parked-deliveries';
import { tableClient } from './connection.js';
import { storageNames } from './names.js';
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

    it('remove forgets by dedupe key (unknown keys are fine)', async () => {
      const parked = await open();
      for (const n of [1, 2, 3]) await parked.park(envelope('wxa', n, n * 1_000));
      await parked.remove('wxa', ['wxa|msg|2', 'wxa|msg|404']);
      expect((await parked.peek('wxa')).map((e) => e.dedupeKey)).toEqual(['wxa|msg|1', 'wxa|msg|3']);
      await parked.remove('wxa', ['wxa|msg|1', 'wxa|msg|3']);
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

    it('keeps an envelope byte for byte wherever the 64 KiB mark of the request falls (emoji, CJK, lone surrogates)', async () => {
      // Azurite decodes a request body one ~64 KiB socket chunk at a time; where that mark falls depends on the
      // length of the request's headers (the SDK's User-Agent names the OS release), so shift the body byte by byte.
      const parked = await open();
      const body = incompressibleText(40_000);
      const sent: InboundEnvelope[] = [];
      for (let shift = 0; shift < 6; shift++) {
        const e = envelope('wxs', shift, shift, `<xml><Content><![CDATA[${'x'.repeat(shift)}${body}\ud83d]]></Content></xml>`);
        await parked.park(e);
        sent.push(e);
      }
      const back = await parked.peek('wxs');
      expect(back.map((e) => Buffer.from(e.xml, 'utf16le').equals(Buffer.from(sent[e.receivedAt]!.xml, 'utf16le')))).toEqual([
        true,
        true,
        true,
        true,
        true,
        true,
      ]);
    });

    it('refuses an envelope without account or dedupe key', async () => {
      const parked = await open();
      await expect(parked.park({ ...envelope('wxa', 1, 1), authorizerAppid: '' })).rejects.toMatchObject({ code: 'invalid-key' });
      await expect(parked.park({ ...envelope('wxa', 1, 1), dedupeKey: '' })).rejects.toMatchObject({ code: 'invalid-key' });
    });
  });
}

/** Seeded random characters (CJK, emoji, Cyrillic): compresses poorly, so the request stays larger than 64 KiB. */
function incompressibleText(length: number): string {
  let seed = 20240611;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ranges: [number, number][] = [
    [0x4e00, 0x9fff],
    [0x1f300, 0x1faff],
    [0x0400, 0x04ff],
  ];
  let text = '';
  for (let i = 0; i < length; i++) {
    const [from, to] = ranges[Math.floor(next() * ranges.length)]!;
    text += String.fromCodePoint(from + Math.floor(next() * (to - from)));
  }
  return text;
}

parkedContract('memory', async () => new MemoryParkedDeliveries());
parkedContract('Azure Table', () => TableParkedDeliveries.open(azuriteConnectionString(), uniqueNamePrefix('park')));

describe('Azure Table: ParkedDeliveries format', () => {
  it('stores the envelope as gzip in Edm.Binary parts, and still reads rows of the earlier string format', async () => {
    const prefix = uniqueNamePrefix('pfmt');
    const parked = await TableParkedDeliveries.open(azuriteConnectionString(), prefix);
    const table = tableClient(azuriteConnectionString(), storageNames(prefix).tables.parkedDeliveries);
    const fresh = envelope('wxf', 1, 1_000, '<xml><Content><![CDATA[好 😀]]></Content></xml>');
    await parked.park(fresh);
    const rowKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
    const raw = await table.getEntity<Record<string, unknown>>('wxf', rowKey(fresh.dedupeKey));
    expect([raw['codec'], raw['parts'], raw['envelope0'] instanceof Uint8Array]).toEqual(['gzip', 1, true]);

    const old = envelope('wxf', 2, 2_000);
    const json = JSON.stringify(old);
    await table.createEntity({
      partitionKey: 'wxf',
      rowKey: rowKey(old.dedupeKey),
      receivedAt: { value: 2_000, type: 'Double' },
      chunks: 2,
      envelope0: json.slice(0, 20),
      envelope1: json.slice(20),
    });
    expect(await parked.peek('wxf')).toEqual([fresh, old]);
  });
});

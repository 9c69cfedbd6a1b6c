/**
 * Deterministic zips with fflate: entries in the order given, forward-slash names, one fixed
 * timestamp, fixed compression level. The same entries give the same bytes on every machine.
 */
import { zipSync, type Zippable } from 'fflate';

/**
 * 2020-01-01 00:00:00 built from local fields: zip stores DOS local time and fflate reads the
 * local fields back, so the stored stamp is the same in every time zone.
 */
const FIXED_MTIME = new Date(2020, 0, 1, 0, 0, 0);

export function deterministicZip(entries: [string, Uint8Array][]): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, content] of entries) {
    if (name.includes('\\')) throw new Error(`zip entry names use forward slashes: ${name}`);
    if (name in zippable) throw new Error(`duplicate zip entry ${name}`);
    zippable[name] = [content, { level: 6, mtime: FIXED_MTIME, os: 0, attrs: 0 }];
  }
  return zipSync(zippable);
}

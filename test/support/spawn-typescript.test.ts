/**
 * The way tests run the relay as a process (spawn-typescript.ts, used by relay-process.ts) must report a clean shutdown as exit code 0
 * even when the process is busy when SIGTERM arrives. Under the tsx CLI it was 143 (the CLI killed its busy child
 * 60 ms after forwarding the signal), which turned sandbox.test.ts red on a loaded CI machine.
 */
import { join } from 'node:path';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { spawnTypeScript } from './spawn-typescript.js';

it('a busy process that exits 0 on SIGTERM is seen exiting 0', async () => {
  const child = spawnTypeScript(join(import.meta.dirname, 'fixtures/busy-until-sigterm.ts'), {});
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
  process.kill(-child.pid!, 'SIGTERM');
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  expect({ code, signal }).toEqual({ code: 0, signal: null });
});

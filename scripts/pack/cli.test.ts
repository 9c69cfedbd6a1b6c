/** `npm run pack` end to end: the CLI writes both zips, identical to an in-memory build of the same source. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_REPO_ROOT } from '../../solution/tooling/load.js';
import { packRepository } from './pack.js';

const out = mkdtempSync(path.join(tmpdir(), 'wxm-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run pack', () => {
  it('writes WechatMarketing.zip and WechatMarketing_managed.zip', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/pack/cli.ts', '--out', out], { cwd: DEFAULT_REPO_ROOT, encoding: 'utf8' });
    const expected = await packRepository(DEFAULT_REPO_ROOT);
    expect(readFileSync(path.join(out, 'WechatMarketing.zip')).equals(Buffer.from(expected.unmanaged))).toBe(true);
    expect(readFileSync(path.join(out, 'WechatMarketing_managed.zip')).equals(Buffer.from(expected.managed))).toBe(true);
    expect(stdout).toContain(
      `pack: version ${expected.version}, ${expected.entries.length} entries, ${expected.webResources.length} web resource(s), ${expected.controls.length} control(s)`,
    );
  });
});

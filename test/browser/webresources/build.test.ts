/**
 * The built web resources: webresources/generated is build output (ignored by git, rebuilt by `npm run pack` and
 * by the unit project's global setup) and holds exactly what the sources build; the manifest lists every file, and
 * the scripts load as classic scripts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWebResources, ensureWebResources, GENERATED_DIR, WEBRESOURCES_DIR } from '../../../webresources/build.js';

let built: Map<string, Uint8Array>;
beforeAll(async () => {
  built = await buildWebResources();
});

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

const manifest = () => JSON.parse(readFileSync(path.join(WEBRESOURCES_DIR, 'manifest.json'), 'utf8')) as { webResources: { name: string; file: string }[] };

describe('build:webresources', () => {
  it('is build output git never tracks, and the global setup left it exactly what the sources build', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: WEBRESOURCES_DIR, encoding: 'utf8' });
    expect(git('ls-files', '--', 'generated')).toBe('');
    expect(git('check-ignore', 'generated/pages/starttouse.js').trim()).toBe('generated/pages/starttouse.js');
    expect(filesUnder(GENERATED_DIR).sort()).toEqual([...built.keys()].sort());
    for (const [name, content] of built) expect(readFileSync(path.join(GENERATED_DIR, name)).equals(Buffer.from(content)), name).toBe(true);
    // Up to date already, so a second pass writes nothing.
    expect(await ensureWebResources()).toEqual([]);
  });

  it('brings a stale folder up to date: writes what is missing or differs, removes what no entry builds', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxm-webresources-'));
    try {
      expect((await ensureWebResources(dir)).sort()).toEqual([...built.keys()].sort());
      writeFileSync(path.join(dir, 'forms/signedservice.js'), 'stale');
      writeFileSync(path.join(dir, 'forms/renamed.js'), 'left over');
      expect((await ensureWebResources(dir)).sort()).toEqual(['forms/renamed.js', 'forms/signedservice.js']);
      expect(filesUnder(dir).sort()).toEqual([...built.keys()].sort());
      expect(readFileSync(path.join(dir, 'forms/signedservice.js')).equals(Buffer.from(built.get('forms/signedservice.js')!))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what the manifest lists, named as Dynamics will serve it', () => {
    expect(manifest().webResources.map((r) => [r.name, r.file])).toEqual([
      ['wxm_/pages/starttouse.html', 'generated/pages/starttouse.html'],
      ['wxm_/pages/starttouse.js', 'generated/pages/starttouse.js'],
      ['wxm_/forms/signedservice.js', 'generated/forms/signedservice.js'],
      ['wxm_/forms/officialaccount.js', 'generated/forms/officialaccount.js'],
      ['wxm_/pages/binding.html', 'generated/pages/binding.html'],
      ['wxm_/pages/binding.js', 'generated/pages/binding.js'],
      ['wxm_/forms/qrcode.js', 'generated/forms/qrcode.js'],
      ['wxm_/forms/qrcode.html', 'generated/forms/qrcode.html'],
      ['wxm_/forms/qrcodedisplay.js', 'generated/forms/qrcodedisplay.js'],
      ['wxm_/forms/broadcast.js', 'generated/forms/broadcast.js'],
      ['wxm_/forms/material.js', 'generated/forms/material.js'],
      ['wxm_/pages/composer.html', 'generated/pages/composer.html'],
      ['wxm_/pages/composer.js', 'generated/pages/composer.js'],
      ['wxm_/pages/composerbutton.js', 'generated/pages/composerbutton.js'],
    ]);
    // The page loads its script by a relative URL, which resolves to /WebResources/wxm_/pages/starttouse.js.
    expect(Buffer.from(built.get('pages/starttouse.html')!).toString('utf8')).toContain('<script src="starttouse.js"></script>');
  });

  it('builds classic scripts: no module syntax, ASCII only, small; form libraries define their handlers', () => {
    for (const name of [
      'pages/starttouse.js',
      'forms/signedservice.js',
      'forms/officialaccount.js',
      'forms/broadcast.js',
      'pages/composer.js',
      'pages/composerbutton.js',
    ]) {
      const js = Buffer.from(built.get(name)!).toString('utf8');
      expect(js, name).not.toMatch(/^\s*(import|export)\s/m);
      // eslint-disable-next-line no-control-regex -- tab, LF and CR are the control characters a script may hold
      expect(/^[\x09\x0a\x0d\x20-\x7e]*$/.test(js), `${name} is ASCII`).toBe(true);
      expect(js.length, name).toBeLessThan(100_000);
    }
    const scope: { WechatMarketing?: Record<string, Record<string, unknown>> } = {};
    runInNewContext(Buffer.from(built.get('forms/signedservice.js')!).toString('utf8'), scope);
    runInNewContext(Buffer.from(built.get('forms/officialaccount.js')!).toString('utf8'), scope);
    const exported = Object.fromEntries(Object.entries(scope.WechatMarketing ?? {}).map(([k, v]) => [k, Object.keys(v).sort()]));
    expect(exported).toEqual({ SignedService: ['onAgreementChange', 'onCloudChange', 'onLoad', 'onSave'], OfficialAccount: ['onLoad'] });
  });
});

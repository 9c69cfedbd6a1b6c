/**
 * The built web resources: what is committed under webresources/generated is exactly what the sources build
 * (like solution/generated/schema.ts), the manifest lists every file, and the scripts load as classic scripts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWebResources, GENERATED_DIR, WEBRESOURCES_DIR } from '../../../webresources/build.js';

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
  it('matches the committed webresources/generated (run `npm run build:webresources` and commit when this fails)', () => {
    expect(filesUnder(GENERATED_DIR).sort()).toEqual([...built.keys()].sort());
    for (const [name, content] of built) expect(readFileSync(path.join(GENERATED_DIR, name)).equals(Buffer.from(content)), name).toBe(true);
  });

  it('is what the manifest lists, named as Dynamics will serve it', () => {
    expect(manifest().webResources.map((r) => [r.name, r.file])).toEqual([
      ['wxm_/pages/starttouse.html', 'generated/pages/starttouse.html'],
      ['wxm_/pages/starttouse.js', 'generated/pages/starttouse.js'],
      ['wxm_/forms/signedservice.js', 'generated/forms/signedservice.js'],
      ['wxm_/forms/officialaccount.js', 'generated/forms/officialaccount.js'],
    ]);
    // The page loads its script by a relative URL, which resolves to /WebResources/wxm_/pages/starttouse.js.
    expect(Buffer.from(built.get('pages/starttouse.html')!).toString('utf8')).toContain('<script src="starttouse.js"></script>');
  });

  it('builds classic scripts: no module syntax, ASCII only, small; form libraries define their handlers', () => {
    for (const name of ['pages/starttouse.js', 'forms/signedservice.js', 'forms/officialaccount.js']) {
      const js = Buffer.from(built.get(name)!).toString('utf8');
      expect(js, name).not.toMatch(/^\s*(import|export)\s/m);
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

/**
 * `npm run pack [-- --out <dir>]`: regenerates solution/generated/schema.ts, then writes
 * <dir>/WechatMarketing.zip and <dir>/WechatMarketing_managed.zip (default dist/solution).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeGeneratedSchema } from '../../solution/tooling/generate.js';
import { DEFAULT_REPO_ROOT } from '../../solution/tooling/load.js';
import { packRepository } from './pack.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/solution' } } });

try {
  await writeGeneratedSchema(DEFAULT_REPO_ROOT);
  const packages = await packRepository(DEFAULT_REPO_ROOT);
  const outDir = path.resolve(DEFAULT_REPO_ROOT, values.out!);
  mkdirSync(outDir, { recursive: true });
  for (const [file, bytes] of [
    ['WechatMarketing.zip', packages.unmanaged],
    ['WechatMarketing_managed.zip', packages.managed],
  ] as const) {
    const target = path.join(outDir, file);
    writeFileSync(target, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    console.log(`pack: ${path.relative(DEFAULT_REPO_ROOT, target)} ${bytes.length} bytes sha256:${sha}…`);
  }
  console.log(
    `pack: version ${packages.version}, ${packages.entries.length} entries, ${packages.webResources.length} web resource(s), ${packages.controls.length} control(s)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

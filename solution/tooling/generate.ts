/** Loads, validates and renders the generated schema module; used by `npm run generate` and by pack. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_REPO_ROOT, loadSolutionSource, type SolutionSource } from './load.js';
import { buildSchemaModel } from './schema-model.js';
import { renderSchemaModule } from './render-schema.js';
import { assertValidSource } from './validate.js';

export const GENERATED_SCHEMA_PATH = 'solution/generated/schema.ts';

/** The text schema.ts must have for these definitions. */
export function generatedSchemaText(source: SolutionSource): string {
  assertValidSource(source, { forPack: false });
  return renderSchemaModule(source, buildSchemaModel(source));
}

/** Writes schema.ts only when its content changes (keeps file times quiet); returns its relative path. */
export async function writeGeneratedSchema(repoRoot: string = DEFAULT_REPO_ROOT): Promise<string> {
  const source = await loadSolutionSource(repoRoot);
  const text = generatedSchemaText(source);
  const target = path.join(repoRoot, GENERATED_SCHEMA_PATH);
  mkdirSync(path.dirname(target), { recursive: true });
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) writeFileSync(target, text);
  return GENERATED_SCHEMA_PATH;
}

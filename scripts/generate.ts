/**
 * `npm run generate`: writes solution/generated/schema.ts from the definitions in solution/src.
 * Fails (exit 1) with every problem listed, file by file, when the definitions are invalid.
 */
import { writeGeneratedSchema } from '../solution/tooling/generate.js';

try {
  const file = await writeGeneratedSchema();
  console.log(`generate: wrote ${file}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

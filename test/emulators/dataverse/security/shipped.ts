/**
 * The security roles and field security profiles the solution ships (one file each under solution/src/roles and
 * solution/src/security, default exports), so the emulator enforces exactly what an import would create.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FieldSecurityProfileDef, RoleDef } from '../../../../solution/src/dsl/types-components.js';
import type { SecurityCatalog } from './roles.js';

const SOURCE = new URL('../../../../solution/src/', import.meta.url);

async function definitions<T>(folder: string): Promise<T[]> {
  const dir = new URL(`${folder}/`, SOURCE);
  const files = readdirSync(fileURLToPath(dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
  const loaded: T[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, dir))).href)) as { default?: T };
    if (mod.default) loaded.push(mod.default);
  }
  return loaded;
}

export async function loadShippedSecurity(): Promise<SecurityCatalog> {
  return { roles: await definitions<RoleDef>('roles'), fieldSecurityProfiles: await definitions<FieldSecurityProfileDef>('security') };
}

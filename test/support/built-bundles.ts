/**
 * Vitest global setup of the unit project: the built web resources (webresources/generated/, ignored by git) are
 * brought up to date with their sources before any test reads them, so a clean clone's `npm test` packs what
 * `npm run pack` would. The browser harness builds its own copy in memory and needs none of this.
 */
import { ensureWebResources } from '../../webresources/build.js';

export default async function setup(): Promise<void> {
  await ensureWebResources();
}

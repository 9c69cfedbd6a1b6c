/**
 * The periodic catch-up of disabled-users.ts: a disabled user whose step never reached the relay (the relay was down
 * past Dataverse's retries, the step was registered later, or Entra ID's sync disabled them in a way no step saw)
 * loses their bindings at the next run. Each org with a bound account is swept once, through its own binding (its
 * own application user); one org failing never stops the others. Runs on the hourly analytics timer.
 */
import type { AccountBindings } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { AuthorizerRegistry } from '../ports/storage.js';
import { sweepOrg } from './disabled-users.js';

export interface SweepDeps {
  authorizers: AuthorizerRegistry;
  bindings: AccountBindings;
  logger: Logger;
}

export interface SweepReport {
  orgs: number;
  users: number;
  bindings: number;
  failed: number;
}

export async function sweepDisabledUsers(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { orgs: 0, users: 0, bindings: 0, failed: 0 };
  const swept = new Set<string>();
  for (const record of await deps.authorizers.list()) {
    if (record.status !== 'authorized') continue;
    const bound = await deps.bindings.resolve(record.appid);
    if (!bound || swept.has(bound.organizationId)) continue;
    swept.add(bound.organizationId);
    try {
      const { users, bindings } = await sweepOrg(bound.org);
      report.orgs += 1;
      report.users += users;
      report.bindings += bindings;
      if (bindings > 0) deps.logger.info("disabled users' bindings ended by the sweep", { organizationId: bound.organizationId, users, bindings });
    } catch (err) {
      report.failed += 1;
      deps.logger.warn('disabled users not swept; the next run retries', {
        organizationId: bound.organizationId,
        error: err instanceof Error ? err.name : 'unknown',
      });
    }
  }
  return report;
}

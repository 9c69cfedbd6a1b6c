/**
 * Timer work: keep every authorized account's access token fresh before it expires (so a follower's reply
 * never waits on a refresh) and the component token too. Each account is isolated: one failure is logged and
 * the others still refresh.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 */
import type { AuthorizerRegistry } from '../ports/storage.js';
import type { TokenMaintenancePort } from '../ports/token-maintenance.js';
import type { Logger } from '../ports/logger.js';

export interface RefreshReport {
  refreshed: string[];
  failed: string[];
}

export async function refreshTokens(deps: { tokens: TokenMaintenancePort; authorizers: AuthorizerRegistry; logger: Logger }): Promise<RefreshReport> {
  const report: RefreshReport = { refreshed: [], failed: [] };
  try {
    await deps.tokens.refreshComponentTokenIfDue();
  } catch (err) {
    deps.logger.error('component token refresh failed', { error: describe(err) });
    return report; // authorizer refreshes need the component token
  }
  for (const record of await deps.authorizers.list()) {
    if (record.status !== 'authorized') continue;
    try {
      if (await deps.tokens.refreshAuthorizerTokenIfDue(record.appid)) report.refreshed.push(record.appid);
    } catch (err) {
      report.failed.push(record.appid);
      deps.logger.error('authorizer token refresh failed', { authorizerAppid: record.appid, error: describe(err) });
    }
  }
  return report;
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'errcode' in err) return `errcode ${String((err as { errcode: unknown }).errcode)}`;
  return err instanceof Error ? err.name : 'unknown';
}

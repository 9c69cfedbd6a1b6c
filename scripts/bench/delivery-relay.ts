/**
 * One customer org and one relay process for the delivery benchmark, in process:
 * - the org: a Dataverse emulator whose relay application user has exactly the solution's *Wechat Marketing
 *   Relay* role;
 * - the relay: the production composition root (`createRelay` with real settings; memory storage instead of
 *   Azure Storage; its gateway built from DATAVERSE_LOGIN_BASE; WeChat through `wechat.fetch`), so
 *   `deliver(message)` is exactly what the queue trigger calls: `relay.services.deliverInbound(message, logger)`
 *   (v2 batches taken apart → outage backoff → deliverInbound → org.submit: the gateway's filled, paced $batch);
 * - the accounts: connected the way an admin does it, a Signed Service row per account (credentials, AppId, the
 *   binding token from the authorization result page, agreement ticked) handed to the relay as the webhook's
 *   task (`handleTask` dataverse-hint → onSignedServiceSaved: token + WhoAmI, secret sealed, account row, Connected).
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Cloud, SignedService } from '@wxm/solution/schema';
import { createRelay, type Relay } from '../../functions/src/app/relay.js';
import { createDataverseGateway } from '../../functions/src/dataverse/index.js';
import type { RetriedOutcome } from '../../functions/src/relay/delivery/retry-later.js';
import { bindingsFromRegistry } from '../../functions/src/relay/delivery/registry-bindings.js';
import type { DataverseOrg } from '../../functions/src/dataverse/types.js';
import { QUEUES } from '../../functions/src/relay/envelope.js';
import { SEALED_SECRET } from '../../functions/src/relay/webhook/tables.js';
import { loadSettings } from '../../functions/src/config/settings.js';
import { createMemoryStorage } from '@wxm/testkit/kit/storage/memory/create-memory-storage';
import { systemClock } from '../../functions/src/kernel/clock.js';
import { startDataverseEmulator, type DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import { relayRolePrivileges } from '../../test/support/relay-role.js';
import type { BenchQueue } from './delivery-queue.js';
import type { BenchAccount } from './delivery-traffic.js';
import { WECHAT_API_BASE, type WechatStandIn } from './delivery-wechat.js';

export interface ServiceProtection {
  requestsPerWindow: number;
  windowMs: number;
  maxConcurrent: number;
  /** Combined execution time per window. */
  executionTimeMs: number;
  /** Execution time charged per operation. */
  costs?: { writeMs: number; readMs: number };
}

export interface RequestCount {
  total: number;
  /** `$batch` requests. */
  batches: number;
  /** GETs (follower queries, existence checks). */
  reads: number;
  /** Answered 429 (service protection). */
  throttled: number;
  /** Answered 5xx (the simulated outage). */
  failed: number;
}

export interface BenchRelay {
  dv: DataverseEmulator;
  relay: Relay;
  /** wxm_officialaccount row id by appid, as the Signed Service connect wrote it. */
  accountIds: Map<string, string>;
  /** What the queue trigger does with one message. */
  deliver(message: unknown): Promise<RetriedOutcome>;
  /** The org as the relay reaches it for an account (binding → sealed secret → gateway). */
  orgOf(appid: string): Promise<DataverseOrg>;
  /** Log lines by level and message (fields dropped). */
  logCounts: Map<string, number>;
  /** Web API requests since `from` (an index into the emulator's request log). */
  requestsSince(from: number): RequestCount;
  close(): Promise<void>;
}

export async function startBenchRelay(
  accounts: readonly BenchAccount[],
  wechat: WechatStandIn,
  inbound: BenchQueue<unknown>,
  windowMs = 300_000,
): Promise<BenchRelay> {
  const tenantId = randomUUID();
  const app = { tenantId, clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
  const dv = await startDataverseEmulator({
    org: { tenantId, name: 'contoso' },
    applicationUsers: [{ ...app, name: '# Wechat Marketing Relay', privileges: relayRolePrivileges() }],
  });
  const component = { appid: `wx${randomBytes(8).toString('hex')}`, secret: randomBytes(16).toString('hex') };
  const settings = loadSettings({
    WECHAT_COMPONENT_APPID: component.appid,
    WECHAT_COMPONENT_APPSECRET: component.secret,
    WECHAT_COMPONENT_TOKEN: 'benchtoken',
    WECHAT_COMPONENT_AES_KEY: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'B'),
    WECHAT_API_BASE,
    AzureWebJobsStorage: 'UseDevelopmentStorage=true', // required by the settings; every store below is in memory
    RELAY_SECRET_KEY: randomBytes(32).toString('base64'),
    DATAVERSE_LOGIN_BASE: dv.loginBase,
  });
  const memory = createMemoryStorage({ clock: systemClock });
  const storage = { ...memory, queue: <T>(name: string) => (name === QUEUES.inbound ? inbound : memory.queue<T>(name)) as BenchQueue<T> };
  // The production gateway, told the emulator's (scaled) service-protection window so its budget ledger matches.
  const gateway = createDataverseGateway({
    loginBaseOverride: dv.loginBase,
    orgOrigins: { extraOrigins: [new URL(dv.url).origin] },
    serviceProtectionWindowMs: windowMs,
  });
  const relay = createRelay(settings, { storage, clock: systemClock, fetch: wechat.fetch, gateway });
  const logCounts = new Map<string, number>();
  const count = (level: string) => (line: unknown) => {
    const key = process.env.BENCH_DEBUG ? `${level}: ${String(line)}` : `${level}: ${String(line).replace(/ \{.*$/s, '')}`;
    logCounts.set(key, (logCounts.get(key) ?? 0) + 1);
  };
  const logger = relay.logger({ info: count('info'), warn: count('warn'), error: count('error') });

  const rt = await relay.runtime();
  await memory.verifyTickets.put(component.appid, { ticket: `ticket@@@${randomBytes(12).toString('hex')}`, createTime: Math.floor(Date.now() / 1000) });
  const accountIds = new Map<string, string>();
  for (const account of accounts) {
    await memory.authorizers.put({
      ...account,
      serviceType: 2,
      verifyType: 0,
      isMiniProgram: false,
      funcScopes: [1, 2, 3, 4, 7, 11],
      status: 'authorized',
      authorizedAt: Date.now(),
      updatedAt: Date.now(),
    });
    await memory.refreshTokens.put(account.appid, `refreshtoken@@@${randomBytes(12).toString('hex')}`);
    const C = SignedService.columns;
    const fields = {
      [C.Name]: `Signed service ${account.nickName}`,
      [C.TenantId]: app.tenantId,
      [C.ClientId]: app.clientId,
      [C.ClientSecret]: app.clientSecret,
      [C.EnvironmentUrl]: dv.url.replace(/\/$/, ''),
      [C.Cloud]: Cloud.Global,
      [C.AppId]: account.appid,
      [C.BindingToken]: await rt.bindingTokens.issue({ authorizerAppid: account.appid, orgUrl: new URL(dv.url).origin }),
      [C.AgreementAccepted]: true,
    };
    const rowId = dv.insert(SignedService.entitySetName, fields);
    // As the webhook hands it over (accept-hint.ts): the client secret sealed, never in the clear on the queue.
    const { [C.ClientSecret]: _secret, ...clear } = fields;
    const attributes = { ...clear, [SEALED_SECRET]: rt.secretBox.seal(app.clientSecret) };
    const hint = { message: 'Create' as const, table: SignedService.logicalName, rowId, organizationId: dv.organizationId.toLowerCase(), attributes };
    await relay.services.handleTask({ v: 1, type: 'dataverse-hint', hint }, logger);
    const binding = await rt.storage.signedServices.bindingOf(account.appid);
    if (!binding?.officialAccountId) throw new Error(`the Signed Service of ${account.appid} did not connect: ${[...logCounts.keys()].join('; ')}`);
    accountIds.set(account.appid, binding.officialAccountId);
  }
  const bindings = bindingsFromRegistry({ registry: rt.storage.signedServices, gateway: rt.gateway, secretBox: rt.secretBox });

  return {
    dv,
    relay,
    accountIds,
    logCounts,
    deliver: (message) => relay.services.deliverInbound(message, logger),
    async orgOf(appid) {
      const bound = await bindings.resolve(appid);
      if (!bound) throw new Error(`${appid} is not bound`);
      return bound.org;
    },
    requestsSince(from) {
      // Only the relay's application user talks to this org (outage answers carry no client id: counted too).
      const log = dv.requestLog().slice(from);
      const n = (test: (r: (typeof log)[number]) => boolean) => log.filter(test).length;
      return {
        total: log.length,
        batches: n((r) => r.path.endsWith('$batch')),
        reads: n((r) => r.method === 'GET'),
        throttled: n((r) => r.status === 429),
        failed: n((r) => r.status >= 500),
      };
    },
    close: () => dv.close(),
  };
}

/** Service protection and latency for the measurement (the connect requests above ran without them). */
export function limitOrg(dv: DataverseEmulator, limits: ServiceProtection, latencyMs: number): void {
  dv.setLimits(limits);
  dv.setLatency(latencyMs);
}

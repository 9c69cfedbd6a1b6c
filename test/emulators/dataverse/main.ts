/**
 * Runs the Dataverse emulator on its own:
 *   npx tsx test/emulators/dataverse/main.ts --port 7072 [--host 127.0.0.1] [--client-id <guid>] [--client-secret <s>] [--latency-ms 0]
 *     [--requests-per-window 6000] [--window-ms 300000] [--max-concurrent 52] [--audience https://org.crm.dynamics.com]
 *     [--key-activation-ms 0]   (alternate keys stay Pending that long, as after an import)
 *     [--execution-time-ms 1200000] [--write-ms 10 --read-ms 2]   (execution time charged per operation)
 * Prints the serverUrl for dynamics-web-api, the application user's client id and secret (for the fake Entra ID at
 * <serverUrl>aad), the tenant id and a bearer token (valid 24 h).
 */
import { parseArgs } from 'node:util';
import { startDataverseEmulator } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7072' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'requests-per-window': { type: 'string' },
    'window-ms': { type: 'string' },
    'max-concurrent': { type: 'string' },
    'execution-time-ms': { type: 'string' },
    'write-ms': { type: 'string' },
    'read-ms': { type: 'string' },
    audience: { type: 'string', multiple: true },
    'key-activation-ms': { type: 'string', default: '0' },
  },
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const clientId = values['client-id'];
const limits = Object.fromEntries(
  Object.entries({
    requestsPerWindow: num(values['requests-per-window']),
    windowMs: num(values['window-ms']),
    maxConcurrent: num(values['max-concurrent']),
    executionTimeMs: num(values['execution-time-ms']),
    costs: values['write-ms'] === undefined ? undefined : { writeMs: Number(values['write-ms']), readMs: Number(values['read-ms'] ?? 0) },
  }).filter(([, v]) => v !== undefined),
);

const dv = await startDataverseEmulator({
  port: Number(values.port),
  host: values.host,
  latencyMs: Number(values['latency-ms']),
  limits,
  org: { audiences: values.audience ?? [] },
  keys: { activationDelayMs: Number(values['key-activation-ms']) },
  ...(clientId ? { applicationUsers: [{ clientId, clientSecret: values['client-secret'], name: '# Wechat Marketing Relay' }] } : {}),
});

console.log(`Dataverse emulator (org ${dv.organizationId})`);
console.log(`  serverUrl:   ${dv.url}`);
console.log(`  Web API:     ${dv.serviceRoot}`);
console.log(`  client id:   ${dv.defaultUser.clientId}`);
console.log(`  secret:      ${dv.defaultUser.clientSecret ?? '(none: pass --client-secret)'}`);
console.log(`  tenant id:   ${dv.tenantId}`);
console.log(`  login base:  ${dv.loginBase}   (fake Entra ID: POST <login base>/<tenant>/oauth2/v2.0/token)`);
console.log(`  token (24h): ${dv.issueToken({ lifetimeSeconds: 86_400 })}`);
console.log(`Try: curl -H "Authorization: Bearer <token>" ${dv.serviceRoot}WhoAmI`);

const stop = () => void dv.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

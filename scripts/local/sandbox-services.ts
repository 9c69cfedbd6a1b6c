/**
 * The sandbox's stand-ins for WeChat and the customer's Dataverse (the platform simulator and the Web API
 * emulator), run on a worker thread of their own. In production they are other companies' services on other
 * machines; on the relay's event loop they would take turns with the relay's own work, so under load `npm start`
 * would measure the simulator and the emulator as much as the relay. The relay reaches them only over HTTP, as
 * it does the real ones; the main thread asks this thread for the few things that are no HTTP call (a verify
 * ticket push, the admin's scripted setup in "Dynamics", shutting down) by message.
 * https://nodejs.org/docs/latest-v20.x/api/worker_threads.html
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startWechatSimulator } from '../../test/emulators/wechat/index.js';
import { DEMO_TEMPLATES } from '../../test/emulators/wechat/state/templates.js';
import { seedDemoHistory } from './sandbox-analytics.js';
import { startSandboxDataverse } from './sandbox-dataverse.js';
import { DEMO_ACCOUNT, DEMO_FOLLOWER_COUNT, type SandboxServicesInput, type SandboxServicesReady, type SandboxServicesRequest } from './sandbox-protocol.js';

const input = workerData as SandboxServicesInput;
const port = parentPort;
if (!port) throw new Error('sandbox-services.ts runs as a worker thread (scripts/local/sandbox.ts starts it)');

const simulator = await startWechatSimulator({
  port: input.simulatorPort,
  component: input.component,
  relayUrl: input.relayUrl,
  ticketIntervalMs: 10 * 60 * 1000,
  accounts: [DEMO_ACCOUNT],
});
simulator.generateFollowers(DEMO_ACCOUNT.appid, DEMO_FOLLOWER_COUNT);
// Template messages: the demo account already holds a few templates, as a real service account does (Sync templates brings them in).
for (const t of DEMO_TEMPLATES) simulator.addTemplate(DEMO_ACCOUNT.appid, t.shortId, t.keywords);
// Two weeks of follower figures for the Follower Analytics dashboard (sandbox-analytics.ts).
seedDemoHistory(simulator, DEMO_ACCOUNT.appid, Date.now());
const dataverse = await startSandboxDataverse(input.dataversePort);

port.on('message', (request: SandboxServicesRequest) => {
  const answer = async (): Promise<unknown> => {
    switch (request.kind) {
      case 'push-ticket':
        return simulator.pushTicket();
      case 'connect-dataverse':
        return dataverse.connect(request.input);
      case 'close':
        await simulator.close();
        await dataverse.close();
        return null;
    }
  };
  answer().then(
    (value) => port.postMessage({ id: request.id, value }),
    (err: unknown) => port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) }),
  );
});

const ready: SandboxServicesReady = {
  kind: 'ready',
  simulatorUrl: simulator.url,
  dataverse: { url: dataverse.emulator.url, loginBase: dataverse.emulator.loginBase, adminToken: dataverse.adminToken },
};
port.postMessage(ready);

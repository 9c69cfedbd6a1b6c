/**
 * The sandbox: WeChat and Dataverse are out of reach, so `npm start` without WeChat credentials starts the
 * WeChat platform simulator (7073) and the Dataverse emulator (7072), on a thread of their own
 * (sandbox-services.ts), and points the relay at them. Only URLs and credentials differ from production; the
 * relay does not know it is in a sandbox.
 */
import { Worker } from 'node:worker_threads';
import type { Env } from '../../functions/src/config/settings.js';
import type { PushResult } from '../../test/emulators/wechat/types.js';
import { authorizeThroughBrowser, type AuthorizationOutcome } from './authorize-flow.js';
import { writeDataFile, type LocalSecrets } from './local-state.js';
import {
  DEMO_ACCOUNT,
  DEMO_FOLLOWER,
  DEMO_FOLLOWER_COUNT,
  type ConnectDataverseInput,
  type SandboxServicesAnswer,
  type SandboxServicesInput,
  type SandboxServicesReady,
  type SandboxServicesRequest,
} from './sandbox-protocol.js';

export { DEMO_ACCOUNT, DEMO_FOLLOWER, DEMO_FOLLOWER_COUNT };

export interface SandboxInfo {
  relayUrl: string;
  /** RELAY_PUBLIC_URL: what browsers use (WeChat sends them back there, with the cookie of that host). */
  publicUrl: string;
  functionKey: string;
  wechatSimulatorUrl: string;
  dataverseUrl: string | null;
  dataverseToken: string | null;
  storageConnectionString: string;
  component: { appid: string; token: string; aesKey: string };
  demoAccount: { appid: string; originalId: string; bindingToken: string };
  demoFollower: string;
  signedServiceId: string | null;
  file?: string;
}

export interface Sandbox {
  simulatorUrl: string;
  /** Once the relay listens: push a ticket, authorize the demo account, write .data/sandbox.json. */
  connect(): Promise<SandboxInfo>;
  close(): Promise<void>;
}

export async function startSandbox(input: { env: Env; relayUrl: string; secrets: LocalSecrets }): Promise<Sandbox> {
  const { env, relayUrl, secrets } = input;
  const component = secrets.sandboxComponent;
  const services = await startServices({
    simulatorPort: Number(env.WECHAT_SIMULATOR_PORT ?? 7073),
    dataversePort: Number(env.DATAVERSE_EMULATOR_PORT ?? 7072),
    component,
    relayUrl,
  });
  const { simulatorUrl, dataverse } = services.ready;
  env.WECHAT_COMPONENT_APPID = component.appid;
  env.WECHAT_COMPONENT_APPSECRET = component.appsecret;
  env.WECHAT_COMPONENT_TOKEN = component.token;
  env.WECHAT_COMPONENT_AES_KEY = component.encodingAesKey;
  env.WECHAT_API_BASE = simulatorUrl;
  env.WECHAT_MP_BASE = simulatorUrl;
  // Token requests for the customer's application user go to the emulator's fake Azure AD.
  env.DATAVERSE_LOGIN_BASE = dataverse.loginBase;
  // The emulator stands in for the customer's org: its loopback origin is allowed by name (never by pattern).
  const orgOrigin = new URL(dataverse.url).origin;
  const allowed = (env.DATAVERSE_ALLOWED_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean);
  if (!allowed.includes(orgOrigin)) env.DATAVERSE_ALLOWED_ORIGINS = [...allowed, orgOrigin].join(',');

  return {
    simulatorUrl,
    async connect() {
      const ticket = (await services.ask({ kind: 'push-ticket' })) as PushResult;
      if (ticket.status !== 200) throw new Error(`the relay refused the verify ticket push (${ticket.status})`);
      // As from Start To Use inside that org: the binding token is for the sandbox org only.
      const outcome: AuthorizationOutcome = await authorizeThroughBrowser({
        relayUrl,
        appid: DEMO_ACCOUNT.appid,
        originalId: DEMO_ACCOUNT.originalId,
        orgUrl: orgOrigin,
      });
      // The admin's part in Dynamics: the Signed Service with the application user and the binding token.
      const connectInput: ConnectDataverseInput = {
        relayUrl,
        // The webhook carries the sandbox org's own key, derived from the relay's secret key and the org id.
        relaySecretKey: env.RELAY_SECRET_KEY ?? '',
        appid: outcome.appid,
        bindingToken: outcome.bindingToken,
      };
      const { signedServiceId } = (await services.ask({ kind: 'connect-dataverse', input: connectInput })) as { signedServiceId: string };
      const info: SandboxInfo = {
        relayUrl,
        publicUrl: env.RELAY_PUBLIC_URL ?? relayUrl,
        functionKey: env.RELAY_FUNCTION_KEY ?? '',
        wechatSimulatorUrl: simulatorUrl,
        dataverseUrl: dataverse.url,
        dataverseToken: dataverse.adminToken,
        storageConnectionString: env.AzureWebJobsStorage ?? '',
        component: { appid: component.appid, token: component.token, aesKey: component.encodingAesKey },
        demoAccount: { appid: outcome.appid, originalId: outcome.originalId, bindingToken: outcome.bindingToken },
        demoFollower: DEMO_FOLLOWER,
        signedServiceId,
      };
      info.file = writeDataFile('sandbox.json', info);
      // The analytics timer ran at start, before the account was bound: run it again now, through the host's
      // admin API as an operator would, so the demo account's follower figures are in Dataverse at once.
      const analytics = await fetch(`${relayUrl}/admin/functions/analyticsDaily`, {
        method: 'POST',
        headers: { 'x-functions-key': info.functionKey, 'content-type': 'application/json' },
        body: '{"input":""}',
      });
      if (analytics.status !== 202) console.warn(`[sandbox] could not run analyticsDaily now (HTTP ${analytics.status}); it runs hourly at :15`);
      return info;
    },
    close: async () => {
      await services.ask({ kind: 'close' }).catch(() => undefined);
      await services.worker.terminate();
    },
  };
}

type Request = SandboxServicesRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The services thread, once its simulator and emulator listen; `ask` sends one request and resolves with its answer. */
async function startServices(input: SandboxServicesInput): Promise<{ worker: Worker; ready: SandboxServicesReady; ask(request: Request): Promise<unknown> }> {
  // Node 20 does not apply `--import tsx` to worker threads: the thread registers tsx's loader itself, then loads its entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sandbox-services.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  const pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  const ready = await new Promise<SandboxServicesReady>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the sandbox's simulator and emulator thread stopped (${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.on('message', (message: SandboxServicesReady | SandboxServicesAnswer) => {
      if ('kind' in message) {
        worker.off('error', reject);
        worker.off('exit', onExit);
        return resolve(message);
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.value);
    });
  });
  worker.on('error', (err) => console.error(`[sandbox] simulator and emulator thread failed: ${err.message}`));
  return {
    worker,
    ready,
    ask(request) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id });
      });
    },
  };
}

export function printSandboxGuide(info: SandboxInfo): void {
  const push = JSON.stringify({ appid: info.demoAccount.appid, openid: info.demoFollower, msgType: 'text', content: '你好 👋' });
  console.log(`
Sandbox ready (no WeChat credentials set). Written to ${info.file}.
  WeChat platform simulator  ${info.wechatSimulatorUrl}
  Dataverse emulator         ${info.dataverseUrl ?? '(not started)'}  (a customer's environment)
  Demo Official Account      ${info.demoAccount.appid} (${info.demoAccount.originalId}), authorized through the real flow
  Demo Signed Service        ${info.signedServiceId ?? '(none)'}, connected: the account's messages go to that environment

Try it:
  1. Make a follower say 你好 👋 (the simulator encrypts and pushes it to the relay, as WeChat does):
     curl -s -X POST ${info.wechatSimulatorUrl}/sim/push -H 'content-type: application/json' -d '${push}'
     → [{"status":200,"body":"success",...}]: verified, decrypted, de-duplicated and queued.
  2. See it land in Dataverse as a wxm_message row (the follower gets a wxm_follower row):
     npm run sandbox:messages
  3. Answer from "Dynamics" (creates an outbound wxm_message; the webhook tells the relay, which sends it):
     npm run sandbox:reply -- "谢谢，我们马上联系您 🙏"
     then see what reached WeChat:  curl -s ${info.wechatSimulatorUrl}/sim/sent
     and the row turn Sent:          npm run sandbox:messages
  4. Send the same delivery three times, as WeChat's retries do; it is stored once:
     curl -s -X POST ${info.wechatSimulatorUrl}/sim/push -H 'content-type: application/json' -d '${push.replace('}', ',"msgId":"1000000000000000001","repeat":3}')}'
  5. Look inside: curl -s ${info.relayUrl}/api/health  → {"status":"ok"} (anyone); the details need the function key:
     curl -s -H "x-functions-key: $(node -p "require('${info.file}').functionKey")" ${info.relayUrl}/api/health/details
     npm run queue:peek   ·   Authorize an account yourself:
     open ${info.publicUrl}/api/wechat/authorize?originalId=${info.demoAccount.originalId}&returnUrl=${encodeURIComponent(info.dataverseUrl ?? '')}
     (returnUrl must be on the org's own origin: there, Start To Use's; here, the emulator's)
  6. Web authorization (a menu link): open in a browser, allow on the simulator's page, see the follower's own page:
     open ${info.publicUrl}/api/wechat/oauth/${info.demoAccount.appid}?scope=userinfo
     (add &bind=<a binding code's bind_ scene> to bind that follower to the code's contact, lead or user)
  7. Sync the demo account's ${DEMO_FOLLOWER_COUNT.toLocaleString('en-US')} followers (what Sync followers on the account form does; the relay runs it page by page):
     npm run sandbox:webapi -- PATCH 'wxm_officialaccounts(@account)' '{"wxm_syncrequestedon":"@now"}'
     then the account row's progress and the followers:
     npm run sandbox:webapi -- GET 'wxm_officialaccounts(@account)?$select=wxm_syncstate,wxm_syncedfollowers,wxm_totalfollowers,wxm_synclasterror'
     npm run sandbox:webapi -- GET 'wxm_followers?$select=wxm_openid,wxm_subscribed,wxm_subscribedon,wxm_subscribescene&$top=3'
  8. A channel QR code (what saving a QR Code row does; the relay makes it in WeChat), then a new follower scanning it:
     npm run sandbox:webapi -- POST 'wxm_qrcodes' '{"wxm_name":"Shanghai expo booth","wxm_OfficialAccountId@odata.bind":"/wxm_officialaccounts(@account)","wxm_scene":"expo_2026"}'
     curl -s -X POST ${info.wechatSimulatorUrl}/sim/push -H 'content-type: application/json' -d '{"appid":"${info.demoAccount.appid}","openid":"oExpoVisitor0000000000000001","msgType":"event","event":"subscribe","eventKey":"qrscene_expo_2026","ticket":"gQexpo"}'
     then the code's counts and the follower's channel:
     npm run sandbox:webapi -- GET 'wxm_qrcodes?$select=wxm_name,wxm_state,wxm_expireson,wxm_scancount,wxm_newfollowercount,wxm_stillfollowing'
     npm run sandbox:webapi -- GET 'wxm_followers?$select=wxm_openid,_wxm_sourceqrcodeid_value&$filter=_wxm_sourceqrcodeid_value ne null'
`);
}

/** What the sandbox's main thread and its services thread (sandbox-services.ts) say to each other, and the demo account both know. */
export const DEMO_ACCOUNT = {
  appid: 'wx5a4dbeef00c0ffee',
  originalId: 'gh_0de305c0ffee',
  nickName: 'Wechat Marketing 演示号',
  serviceType: 2,
  verifyType: 0,
};
export const DEMO_FOLLOWER = 'oDemoFollower000000000000001';
/** The demo account's follower list (user/get, batchget): a newcomer's first full sync has 1,000 followers to bring in. */
export const DEMO_FOLLOWER_COUNT = 1_000;

export interface SandboxServicesInput {
  simulatorPort: number;
  dataversePort: number;
  component: { appid: string; appsecret: string; token: string; encodingAesKey: string };
  relayUrl: string;
}

export interface SandboxServicesReady {
  kind: 'ready';
  simulatorUrl: string;
  dataverse: { url: string; loginBase: string; adminToken: string };
}

export interface ConnectDataverseInput {
  relayUrl: string;
  relaySecretKey: string;
  appid: string;
  bindingToken: string;
}

export type SandboxServicesRequest = { id: number } & (
  { kind: 'push-ticket' } | { kind: 'connect-dataverse'; input: ConnectDataverseInput } | { kind: 'close' }
);

export type SandboxServicesAnswer = { id: number; value?: unknown; error?: string };
